package io.agentmemory.engine.testing;

import io.agentmemory.engine.Deadlines;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.store.CallerThreadConnection;
import io.agentmemory.engine.store.Database;
import io.agentmemory.engine.store.ReopenableConnectionPool;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;

/**
 * A connection pool and the database calls on it, built as an engine builds them but without the operations above
 * them, for tests of the store itself (row-level security, cancelled calls, plans). Its users' ids start with one
 * prefix; closing it closes the pool and deletes those users' memories.
 */
public final class OwnPool implements AutoCloseable {

    private final Deadlines deadlines = new Deadlines();
    private final String userPrefix;
    private final ReopenableConnectionPool pool;
    private final CallerThreadConnection callerThread;
    private final Database database;

    /**
     * @param userPrefix the start of every user id the test writes
     * @param settings   environment variables set otherwise than the test services' (the pool's size, say)
     * @param budget     each database call's time limit
     */
    public OwnPool(String userPrefix, Map<String, String> settings, Duration budget) {
        this.userPrefix = userPrefix;
        EngineConfig config = TestServices.get().config(settings);
        this.pool = new ReopenableConnectionPool(config, deadlines);
        // Serves only where the settings turn it on (DB_CALLER_THREAD_CONNECTION), as in an engine.
        this.callerThread = CallerThreadConnection.of(config, pool.url(), pool.credentials());
        this.database = new Database(pool, callerThread, budget, deadlines);
    }

    public CallerThreadConnection callerThread() {
        return callerThread;
    }

    public ReopenableConnectionPool pool() {
        return pool;
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() throws Exception {
        pool.close();
        callerThread.close();
        deadlines.suspend();
        try (var c = TestServices.get().jdbc(); PreparedStatement s = c.prepareStatement("DELETE FROM memories WHERE user_id LIKE ?")) {
            s.setString(1, userPrefix + "%");
            s.executeUpdate();
        }
    }
}

package io.agentmemory.engine.store;

import io.agentmemory.engine.config.EngineConfig;
import io.netty.util.concurrent.FastThreadLocalThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Schedulers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One blocking connection of the environment's own, for short statements on the thread that asks (a cached answer's
 * revision check; an add's reads and its write). Through the reactive pool each statement wakes the connection's
 * event loop to write, wakes it again for the answer, and then wakes the caller: with the CPUs idle between
 * invocations, as they are in Lambda, those hand-overs cost more than a short statement (0.3 ms against 0.05 at the
 * server). A blocking statement on the caller's thread is one wake-up, when the answer arrives.
 * <p>
 * It never stands in the way: work runs here only on a thread that may block (never an event loop, which serves
 * other connections), only while no other thread holds the connection, and only once the connection is open.
 * Otherwise {@link #runIfFree} answers null at once and the caller takes the pool's way, which also handles a
 * refused login, retries and the store's errors. The connection is opened in the background on first need, so no
 * caller waits for a login; work whose statement fails closes it (the caller falls back), and it opens again in the
 * background after a pause. Like the pool, it is not used beyond the idle time or lifetime of the settings (a connection that sat
 * through a long freeze is replaced, not trusted) and is closed before a snapshot.
 */
public final class CallerThreadConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallerThreadConnection.class);
    /** After a failed open or read, the pool serves alone for this long before another attempt to open. */
    static final Duration REOPEN_PAUSE = Duration.ofSeconds(5);

    /** Work over JDBC: statements, one after another, on the connection it is given. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final EngineConfig config;
    private final DatabaseUrl url;
    private final DatabaseCredentials credentials;
    private final boolean enabled;
    private final ReentrantLock inUse = new ReentrantLock();
    private final AtomicBoolean opening = new AtomicBoolean();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    /** Raised by every close, so that an open that was under way when it happened throws its connection away. */
    private final AtomicLong generation = new AtomicLong();
    private volatile Connection connection;
    private volatile long openedAtMillis;
    private volatile long lastUsedMillis;
    private volatile long noOpenBeforeMillis;

    private CallerThreadConnection(EngineConfig config, DatabaseUrl url, DatabaseCredentials credentials, boolean enabled) {
        this.config = config;
        this.url = url;
        this.credentials = credentials;
        this.enabled = enabled;
    }

    /** A connection that never serves: all work takes the pool's way. */
    public static CallerThreadConnection none() {
        return new CallerThreadConnection(null, null, null, false);
    }

    /** The connection of the settings, or one that never serves when they do not ask for it. */
    public static CallerThreadConnection of(EngineConfig config, DatabaseUrl url, DatabaseCredentials credentials) {
        return new CallerThreadConnection(config, url, credentials, config.database().callerThreadConnection());
    }

    /**
     * Runs {@code work} on this thread over the connection and gives its answer, or null, having run nothing, when it
     * cannot run here now: this thread must not block, another thread holds the connection, or the connection is not
     * open (it is then opened in the background). Work that fails is not retried here: the connection is closed and
     * null is the answer, so the caller's own way decides what the failure means.
     */
    public <T> T runIfFree(Work<T> work) {
        if (!enabled || !mayBlock(Thread.currentThread()) || !inUse.tryLock()) {
            return null;
        }
        try {
            Connection c = usable();
            if (c == null) {
                return null;
            }
            T answer = work.run(c);
            lastUsedMillis = System.currentTimeMillis();
            runs.incrementAndGet();
            return answer;
        } catch (SQLException | RuntimeException e) {
            LOG.info("a statement on the caller's thread failed ({}: {}); the pool serves for now", e.getClass().getSimpleName(),
                    e.getMessage());
            discard();
            noOpenBeforeMillis = System.currentTimeMillis() + REOPEN_PAUSE.toMillis();
            return null;
        } finally {
            inUse.unlock();
        }
    }

    /**
     * Opens the connection on this thread unless it is open (priming, before a snapshot, so that the driver's classes
     * are loaded and its first statement run; the snapshot's close then drops the connection). Failures are not errors.
     */
    public void openNow() {
        if (enabled && connection == null) {
            open(generation.get());
        }
    }

    /** Pieces of work this connection has served. */
    public long runs() {
        return runs.get();
    }

    /** Connections it has opened. */
    public long connectionsOpened() {
        return opened.get();
    }

    public boolean isOpen() {
        return connection != null;
    }

    /**
     * A thread that may wait on a socket: not one Reactor marks as non-blocking, and not a Netty event loop (the
     * drivers' own threads, where the pool's answers and the cache's arrive).
     */
    static boolean mayBlock(Thread thread) {
        return !(thread instanceof reactor.core.scheduler.NonBlocking) && !(thread instanceof FastThreadLocalThread);
    }

    /** The open connection while it is within its idle time and lifetime; otherwise null, and an open is started. */
    private Connection usable() {
        Connection c = connection;
        long now = System.currentTimeMillis();
        if (c != null && (now - lastUsedMillis > config.database().maxIdleTime().toMillis()
                || now - openedAtMillis > config.database().maxLifetime().toMillis())) {
            discard();
            c = null;
        }
        if (c == null && now >= noOpenBeforeMillis && opening.compareAndSet(false, true)) {
            long expected = generation.get();
            try {
                Schedulers.boundedElastic().schedule(() -> {
                    try {
                        open(expected);
                    } finally {
                        opening.set(false);
                    }
                });
            } catch (RuntimeException rejected) {
                opening.set(false);
            }
        }
        return c;
    }

    private void open(long expectedGeneration) {
        DatabaseLogin login = credentials.current();
        try {
            Connection c = connect(login);
            // Kept only if no close came while it opened (a snapshot must not hold it), checked under the lock a
            // close takes, so that a close cannot fall between the check and the keeping.
            inUse.lock();
            try {
                if (generation.get() != expectedGeneration || connection != null) {
                    c.close();
                    return;
                }
                openedAtMillis = System.currentTimeMillis();
                lastUsedMillis = openedAtMillis;
                opened.incrementAndGet();
                connection = c;
            } finally {
                inUse.unlock();
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
                // A rotated password: the credentials may read their source again; the next open uses what they hold.
                credentials.refused(login);
            }
            LOG.info("could not open the caller's-thread connection ({}); the pool serves for now", e.getSQLState());
            noOpenBeforeMillis = System.currentTimeMillis() + REOPEN_PAUSE.toMillis();
        }
    }

    private Connection connect(DatabaseLogin login) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", login.user());
        if (login.password() != null) {
            properties.setProperty("password", login.password());
        }
        properties.setProperty("ApplicationName", config.clientName());
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, ceilSeconds(config.database().connectTimeout()))));
        properties.setProperty("loginTimeout", Long.toString(Math.max(1, ceilSeconds(config.database().connectTimeout()))));
        properties.setProperty("tcpKeepAlive", "true");
        String options = "-c statement_timeout=" + config.database().statementTimeout().toMillis();
        if (config.database().preparedStatementCacheQueries() > 0) {
            // Named from the first run, with one generic plan (as the pool's statements: ReopenableConnectionPool).
            properties.setProperty("prepareThreshold", "1");
            options += " -c plan_cache_mode=force_generic_plan";
        } else {
            // Behind a connection proxy, named statements would pin its connections.
            properties.setProperty("prepareThreshold", "0");
        }
        properties.setProperty("options", options);
        Connection c = DriverManager.getConnection(url.jdbcUrl(), properties);
        try {
            // Bounds a read whose answer never comes (the server's statement timeout bounds one that runs long).
            c.setNetworkTimeout(Runnable::run, Math.toIntExact(config.database().callBudget().toMillis()));
            c.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static long ceilSeconds(Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }

    private void discard() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // Already broken: nothing more to give back.
            }
        }
    }

    /** Closes the connection now (before a snapshot); the next read that finds it closed opens it again. */
    @Override
    public void close() {
        generation.incrementAndGet();
        inUse.lock();
        try {
            discard();
            noOpenBeforeMillis = 0;
        } finally {
            inUse.unlock();
        }
    }
}

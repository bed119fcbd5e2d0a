package io.agentmemory.bench.systems;

import com.zaxxer.hikari.HikariDataSource;
import io.agentmemory.bench.data.BenchDatabase;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A vector-store library over JDBC: each environment gets a HikariCP pool of 2 (the service's own pool size),
 * named so that the connection monitor counts it, and the pools close with the system.
 */
abstract class PooledStoreSystem implements MemorySystem {

    private static final int POOL_SIZE = 2;

    protected final BenchDatabase database;
    private final String connectionName;
    private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();

    PooledStoreSystem(BenchDatabase database, String connectionName) {
        this.database = database;
        this.connectionName = connectionName;
    }

    /** One execution environment over its own pool. */
    protected abstract SystemEnvironment environment(HikariDataSource pool);

    /** A pool for setting the store up (its table, its indexes), outside the measured environments. */
    protected HikariDataSource setupPool() {
        return database.pool(connectionName + "-setup", POOL_SIZE);
    }

    @Override
    public final List<SystemEnvironment> openEnvironments(int count) {
        List<SystemEnvironment> environments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            HikariDataSource pool = database.pool(connectionName + "-" + i, POOL_SIZE);
            pools.add(pool);
            environments.add(environment(pool));
        }
        return environments;
    }

    @Override
    public final String connectionNamePrefix() {
        return connectionName + "-";
    }

    @Override
    public final int environmentsHoldingConnections(int workers) {
        return workers;
    }

    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
    }
}

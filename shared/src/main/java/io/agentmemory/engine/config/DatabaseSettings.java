package io.agentmemory.engine.config;

import java.time.Duration;

/**
 * The database connection and its pool, sized for one Lambda execution environment: it runs one invocation at a
 * time, so the pool is sized for the parallelism inside one invocation, not for a server's 10-20 connections.
 * The password never appears in {@link #toString()}.
 */
public record DatabaseSettings(String url, String user, String password, int poolInitialSize, int poolMaxSize,
                               Duration acquireTimeout, Duration connectTimeout, Duration maxIdleTime,
                               Duration maxLifetime, Duration statementTimeout, int preparedStatementCacheQueries,
                               boolean callerThreadConnection) {

    public static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
    public static final int DEFAULT_POOL_INITIAL_SIZE = 0;
    public static final int DEFAULT_POOL_MAX_SIZE = 2;
    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofMillis(2_000);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(2_000);
    public static final Duration DEFAULT_MAX_IDLE_TIME = Duration.ofMillis(60_000);
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMillis(600_000);
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofMillis(5_000);
    /**
     * Named statements by default, each parsed and planned once per connection (a search's round trip drops from
     * 2.1-2.5 to 0.7 ms); 0 (unnamed) behind a connection proxy, where named statements pin connections.
     */
    public static final int DEFAULT_PREPARED_STATEMENT_CACHE = 100;

    /**
     * Off by default: the functions that answer single searches and adds, one at a time, turn it on (template.yaml),
     * where each statement's hand-overs through the reactive driver are a share of the answer's time.
     */
    public static final boolean DEFAULT_CALLER_THREAD_CONNECTION = false;

    /**
     * @param poolMaxSize            every connection one environment may hold, the caller's-thread connection included
     * @param callerThreadConnection one of the {@code poolMaxSize} connections runs short statements (a revision
     *                               check, one user's search, an add's) on the caller's thread
     *                               (io.agentmemory.engine.store.CallerThreadConnection); the pool holds the others
     */
    public DatabaseSettings {
        if (poolMaxSize < 1) {
            throw new IllegalArgumentException("DB_POOL_MAX_SIZE must be at least 1, got " + poolMaxSize);
        }
        if (callerThreadConnection && poolMaxSize < 2) {
            throw new IllegalArgumentException("DB_CALLER_THREAD_CONNECTION takes one of the environment's DB_POOL_MAX_SIZE "
                    + "connections and leaves the pool the others: it needs DB_POOL_MAX_SIZE of at least 2, got " + poolMaxSize);
        }
    }

    public static DatabaseSettings defaults() {
        return new DatabaseSettings(DEFAULT_URL, null, null, DEFAULT_POOL_INITIAL_SIZE, DEFAULT_POOL_MAX_SIZE,
                DEFAULT_ACQUIRE_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_IDLE_TIME, DEFAULT_MAX_LIFETIME,
                DEFAULT_STATEMENT_TIMEOUT, DEFAULT_PREPARED_STATEMENT_CACHE, DEFAULT_CALLER_THREAD_CONNECTION);
    }

    /** The connections the reactive pool may hold: all of the environment's but the caller's-thread one. */
    public int pooledConnections() {
        return callerThreadConnection ? poolMaxSize - 1 : poolMaxSize;
    }

    /** The whole database budget of one call: acquire (with its one connection retry) and the statement. */
    public Duration callBudget() {
        return acquireTimeout.plus(statementTimeout);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + Redaction.url(url) + ", user=" + user + ", password=" + (password == null ? "none" : "(hidden)")
                + ", poolInitialSize=" + poolInitialSize + ", poolMaxSize=" + poolMaxSize + ", acquireTimeout=" + acquireTimeout
                + ", connectTimeout=" + connectTimeout + ", maxIdleTime=" + maxIdleTime + ", maxLifetime=" + maxLifetime
                + ", statementTimeout=" + statementTimeout + ", preparedStatementCacheQueries=" + preparedStatementCacheQueries
                + ", callerThreadConnection=" + callerThreadConnection + "]";
    }
}

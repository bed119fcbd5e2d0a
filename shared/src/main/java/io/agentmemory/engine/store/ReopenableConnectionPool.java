package io.agentmemory.engine.store;

import io.agentmemory.engine.Deadlines;
import io.agentmemory.engine.config.EngineConfig;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An r2dbc pool sized for one Lambda execution environment that can be closed before a SnapStart snapshot
 * and reopened on the next use. r2dbc-pool's defaults (10 connections, 30 min idle, no timeouts) are wrong for
 * Lambda, so every limit is explicit. A frozen environment does not run the pool's eviction timer, but the
 * pool also applies max idle time on acquire, so a connection that sat idle through a freeze is replaced
 * instead of being handed out.
 */
public final class ReopenableConnectionPool implements AutoCloseable {

    private final EngineConfig config;
    private final DatabaseUrl url;
    private final AtomicInteger opened = new AtomicInteger();
    private final Deadlines deadlines;
    private final DatabaseCredentials credentials;
    private volatile ConnectionPool pool;

    /** With the login of the settings (or the URL), fixed for the pool's life. */
    public ReopenableConnectionPool(EngineConfig config, Deadlines deadlines) {
        this(config, deadlines, null);
    }

    /** @param credentials where each new connection gets its login, or null for the settings' fixed login */
    public ReopenableConnectionPool(EngineConfig config, Deadlines deadlines, DatabaseCredentials credentials) {
        this.config = config;
        this.deadlines = deadlines;
        this.url = DatabaseUrl.parse(config.database().url(), config.database().user(), config.database().password());
        this.credentials = credentials != null ? credentials : DatabaseCredentials.fixed(new DatabaseLogin(url.user(), url.password()));
    }

    public Mono<Connection> acquire() {
        // The pool's own acquisition limit would be a Reactor timeout, a thread wake-up per acquisition (Deadlines).
        return deadlines.within(Mono.defer(() -> current().create()), config.database().acquireTimeout())
                .onErrorMap(TimeoutException.class, e -> new R2dbcTimeoutException(
                        "Connection acquisition timed out after " + config.database().acquireTimeout().toMillis() + "ms", e));
    }

    /**
     * Gives back a connection whose work failed, while statements of it may still be on their way or running (a
     * cancelled call goes to {@link #releaseCancelled}). The driver's own rollback trusts the transaction
     * status of the last answer it read, which lags behind what was sent: cancelled right after BEGIN left, it
     * skips the rollback, and the next borrower's BEGIN is skipped in turn, so that borrower's statements run in the
     * old transaction (with the old user's setting) or, once the old ROLLBACK lands, each on its own without any
     * user (reads find nothing, writes break row-level security). So a ROLLBACK is sent whatever the status says:
     * the server runs it after everything sent before, and its answer is the connection's true state. Only then is
     * the connection returned to the pool. If the ROLLBACK fails, or does not come back within half the time a
     * borrower waits for a connection (the cancelled statement still runs), the connection is closed instead, leaving
     * a borrower that came meanwhile the other half to open a new one; the server ends the abandoned statement by
     * its statement timeout.
     */
    public Mono<Void> releaseUnfinished(Connection connection) {
        Mono<Void> rollback = Flux.from(connection.createStatement("ROLLBACK").execute())
                .flatMap(Result::getRowsUpdated)
                .then();
        return deadlines.within(rollback.thenReturn(true), config.database().acquireTimeout().dividedBy(2))
                .onErrorReturn(false)
                .flatMap(rolledBack -> rolledBack ? Mono.from(connection.close()) : discard(connection));
    }

    /**
     * Gives back a connection whose caller cancelled its work (a timeout, a client gone) while the server may still
     * be running a statement of it. A statement that is its own transaction would still commit once it runs (an
     * add's write waiting for the user's lock, say), so the server is first asked to cancel whatever the connection
     * is running. The connection is then closed, not pooled: a cancel request travels on a connection of its own and
     * reaches the server's process when it does, so it could otherwise cancel the next borrower's statement instead.
     * Closing also ends any transaction the work had open. If the request cannot be sent within half the time a
     * borrower waits for a connection, the connection is closed all the same, and the server ends the statement by
     * its statement timeout.
     */
    public Mono<Void> releaseCancelled(Connection connection) {
        Connection underlying = connection instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof Connection c ? c : connection;
        Mono<Void> cancel = underlying instanceof PostgresqlConnection postgres ? postgres.cancelRequest() : Mono.empty();
        return deadlines.within(cancel.thenReturn(true), config.database().acquireTimeout().dividedBy(2))
                .onErrorReturn(false)
                .then(discard(connection));
    }

    /** Closes the connection underneath the pool's handle; the pool, finding it closed on release, lets it go. */
    private static Mono<Void> discard(Connection connection) {
        Mono<Void> closeUnderlying = connection instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof Connection underlying
                ? Mono.from(underlying.close()).onErrorResume(e -> Mono.empty())
                : Mono.empty();
        return closeUnderlying.then(Mono.from(connection.close()));
    }

    /** Connections this process has opened so far (for tests and the benchmark). */
    public int connectionsOpened() {
        return opened.get();
    }

    /** Where each new connection gets its login (shared with the environment's other connections). */
    public DatabaseCredentials credentials() {
        return credentials;
    }

    public DatabaseUrl url() {
        return url;
    }

    public boolean isOpen() {
        return pool != null;
    }

    private ConnectionPool current() {
        ConnectionPool p = pool;
        if (p == null) {
            synchronized (this) {
                if (pool == null) {
                    pool = build();
                }
                p = pool;
            }
        }
        return p;
    }

    private ConnectionPool build() {
        PostgresqlConnectionConfiguration.Builder db = PostgresqlConnectionConfiguration.builder()
                .host(url.host())
                .port(url.port())
                .database(url.database())
                // Asked on every new connection, so a login read again after a refusal is used from the next one on.
                .username(() -> credentials.current().user())
                .password(() -> credentials.current().password())
                .connectTimeout(config.database().connectTimeout())
                .statementTimeout(config.database().statementTimeout())
                // Named prepared statements pin RDS Proxy connections; 0 keeps statements unnamed by default.
                .preparedStatementCacheQueries(config.database().preparedStatementCacheQueries())
                .applicationName(config.clientName());
        if (config.database().preparedStatementCacheQueries() > 0) {
            // A named statement is planned once per connection only if PostgreSQL keeps its generic plan. By default
            // it plans every execution anew while its estimate of the generic plan comes out dearer than the custom
            // plans', and for the engine's statements (arrays and vectors of unknown size) it always did: 0.3-0.6 ms
            // of planning per statement, a third of a search's time in the database. The statements are written so
            // that one plan serves every user and value: the user's rows through the per-user index, then the work.
            db.options(Map.of("plan_cache_mode", "force_generic_plan"));
        }
        String sslMode = url.parameters().get("sslmode");
        if (sslMode != null) {
            db.sslMode(SSLMode.fromValue(sslMode));
        }
        PostgresqlConnectionFactory postgres = new PostgresqlConnectionFactory(db.build());
        // Counted where connections are created: the pool's postAllocate hook runs on every acquisition.
        ConnectionFactory factory = new ConnectionFactory() {
            @Override
            public Publisher<? extends Connection> create() {
                return connect(postgres, 1).doOnNext(connection -> opened.incrementAndGet());
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return postgres.getMetadata();
            }
        };
        ConnectionPoolConfiguration poolConfig = ConnectionPoolConfiguration.builder(factory)
                .name("memory-store")
                .initialSize(Math.min(config.database().poolInitialSize(), config.database().pooledConnections()))
                .minIdle(0)
                .maxSize(config.database().pooledConnections())
                .maxCreateConnectionTime(config.database().connectTimeout())
                .maxIdleTime(config.database().maxIdleTime())
                .maxLifeTime(config.database().maxLifetime())
                // A local check (is the socket still open) on every acquire, so it needs no time limit; failures
                // of a connection that looks open are caught by the store's one-retry on connection errors.
                .validationDepth(ValidationDepth.LOCAL)
                .acquireRetry(1)
                .build();
        return new ConnectionPool(poolConfig);
    }

    /**
     * Opens one connection; when the server refuses the login (a rotated password), the credentials are told, and
     * if they then hold another login the attempt is repeated, at most {@code retriesAfterRefusal} times. Telling
     * them may read a secret store, so it runs off the connection's event loop.
     */
    private Mono<Connection> connect(PostgresqlConnectionFactory postgres, int retriesAfterRefusal) {
        return Mono.defer(() -> {
            DatabaseLogin attempted = credentials.current();
            Mono<Connection> attempt = Mono.from(postgres.create());
            if (retriesAfterRefusal == 0) {
                return attempt;
            }
            return attempt.onErrorResume(Database::isLoginRefused, refusal -> Mono.fromCallable(() -> credentials.refused(attempted))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(newLogin -> newLogin ? connect(postgres, retriesAfterRefusal - 1) : Mono.error(refusal)));
        });
    }

    /** Closes every connection now; the next {@link #acquire()} builds a fresh pool. */
    @Override
    public void close() {
        ConnectionPool p;
        synchronized (this) {
            p = pool;
            pool = null;
        }
        if (p != null) {
            p.disposeLater().block(Duration.ofSeconds(5));
        }
    }
}

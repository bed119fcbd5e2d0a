package io.agentmemory.engine.store;

import io.agentmemory.engine.Deadlines;
import io.agentmemory.engine.api.MemoryEngineException;
import io.agentmemory.engine.api.StoreUnavailableException;
import io.agentmemory.engine.observability.StageTimings;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs work on a pooled connection, inside a transaction when asked. A connection that died underneath us
 * (database restart, failover, a proxy's idle timeout, a snapshot restore) fails the attempt; the work is
 * retried on a fresh connection, so callers never see it. When the database stays unreachable, callers get a
 * {@link StoreUnavailableException} within the configured budget instead of hanging until the Lambda timeout.
 */
public final class Database {

    private static final int CONNECTION_RETRIES = 2;

    private final ReopenableConnectionPool pool;
    private final CallerThreadConnection callerThread;
    private final Duration budget;
    private final Deadlines deadlines;

    /** A database whose work always runs through the pool. */
    public Database(ReopenableConnectionPool pool, Duration budget, Deadlines deadlines) {
        this(pool, CallerThreadConnection.none(), budget, deadlines);
    }

    /** @param callerThread the connection {@link #onCallerThreadOrPool} runs work on where it can */
    public Database(ReopenableConnectionPool pool, CallerThreadConnection callerThread, Duration budget, Deadlines deadlines) {
        this.pool = pool;
        this.callerThread = callerThread;
        this.budget = budget;
        this.deadlines = deadlines;
    }

    /**
     * Runs {@code work} in one transaction that sees and changes only the rows of {@code userIds}: PostgreSQL's
     * row-level security enforces it, whatever the SQL says. The setting is transaction-local, so it never
     * outlives the request on a pooled connection.
     */
    public <T> Mono<T> forUsers(Collection<String> userIds, Function<Connection, Mono<T>> work) {
        return inTransaction(c -> Mono.from(c.beginTransaction())
                .then(setLocal(c, "memory.user_ids", TenantUsers.setting(userIds)))
                .then(Mono.defer(() -> work.apply(c))));
    }

    /**
     * Runs {@code work} as the one writer of {@code userId}: a transaction that sees and changes only the user's
     * rows, as in {@link #forUsers}, holding the user's lock, so that the decisions of a write (ADD/UPDATE/NOOP)
     * are taken on what the previous write left.
     * <p>
     * BEGIN, the setting with the lock, and the first statement of {@code work} leave in one flight: the first two
     * are simple queries, which the driver sends without waiting for their answers, and the server runs the three
     * in order, so the work's first statement starts (and takes its snapshot) only once the lock is held. Should
     * BEGIN or the lock fail, the statements after them fail too (PostgreSQL refuses statements in an aborted
     * transaction) and the first error is the one reported.
     */
    public <T> Mono<T> asWriterOf(String userId, Function<Connection, Mono<T>> work) {
        String lock = "SELECT set_config('memory.user_ids', " + SqlLiterals.text(TenantUsers.setting(List.of(userId)))
                + ", true), pg_advisory_xact_lock(hashtextextended(" + SqlLiterals.text(userId) + ", 7))";
        return inTransaction(c -> Mono.zip(
                        Mono.from(c.beginTransaction()).thenReturn(true),
                        Flux.from(c.createStatement(lock).execute()).flatMap(r -> r.map((row, meta) -> 1)).then(Mono.just(true)),
                        Mono.defer(() -> work.apply(c)).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(begun -> Mono.justOrEmpty(begun.getT3())));
    }

    /**
     * For statements that each name their users themselves (each must call {@code set_config('memory.user_ids',
     * users, true)} before it reads), on one connection outside any transaction: a lone statement is its own
     * transaction, so the setting is as local as in {@link #forUsers} at a quarter of the round trips.
     */
    public <T> Mono<T> inStatementsNamingTheirUsers(Function<Connection, Mono<T>> work) {
        return resilient(Mono.usingWhen(pool.acquire(), work, Connection::close,
                (c, error) -> pool.releaseUnfinished(c), pool::releaseCancelled));
    }

    /**
     * As {@link #inStatementsNamingTheirUsers}, but on the subscribing thread over the environment's blocking
     * connection where it can serve now ({@link CallerThreadConnection#runIfFree}: a thread that may block, the
     * connection open and free), through the pool otherwise. The work must run its statements and whatever Java lies
     * between them without leaving the thread (the blocking connection's statements do), for it holds that
     * connection until it has answered. A statement that fails there closes that connection and the pool runs the
     * work again, as the pool runs work again after a connection failure; the work's own errors are its answer.
     */
    public <T> Mono<T> onCallerThreadOrPool(Function<StatementRunner, Mono<T>> work) {
        Mono<Outcome<T>> here = StageTimings.timedIfItGivesAValue(StageTimings.Stage.DATABASE,
                Mono.fromCallable(() -> callerThread.runIfFree(c -> Outcome.runHere(work.apply(StatementRunner.over(c))))));
        return here.switchIfEmpty(Mono.defer(() -> inStatementsNamingTheirUsers(c -> work.apply(StatementRunner.over(c)))
                        .map(Outcome::gave).defaultIfEmpty(Outcome.gaveNothing())))
                .flatMap(Outcome::answer);
    }

    /** What work run on the caller's thread answered: a value, nothing, or its own error. */
    private record Outcome<T>(T value, RuntimeException error) {

        static <T> Outcome<T> gave(T value) {
            return new Outcome<>(value, null);
        }

        static <T> Outcome<T> gaveNothing() {
            return new Outcome<>(null, null);
        }

        /** Runs {@code work} to its end on this thread; a failed statement is the connection's failure, thrown. */
        static <T> Outcome<T> runHere(Mono<T> work) throws java.sql.SQLException {
            try {
                return new Outcome<>(work.block(), null);
            } catch (StatementRunner.BlockingStatementFailed failed) {
                throw failed.failure();
            } catch (RuntimeException workFailed) {
                return new Outcome<>(null, workFailed);
            }
        }

        Mono<T> answer() {
            return error != null ? Mono.error(error) : Mono.justOrEmpty(value);
        }
    }

    /**
     * The explicit path for work across users (the sweep, cache recovery, a batch search spanning users): the
     * policies grant the named operation exactly what it needs, and each run leaves an audit row.
     */
    public <T> Mono<T> asAdmin(String operation, Collection<String> userIds, Function<Connection, Mono<T>> work) {
        return inTransaction(c -> Mono.from(c.beginTransaction())
                .then(setLocal(c, "memory.admin_operation", operation))
                .then(setLocal(c, "memory.user_ids", TenantUsers.setting(userIds)))
                .then(Mono.from(c.createStatement("INSERT INTO admin_audit (operation, user_count) VALUES ($1, $2)")
                        .bind(0, operation).bind(1, userIds.size()).execute()).flatMap(r -> Mono.from(r.getRowsUpdated())))
                .then(Mono.defer(() -> work.apply(c))));
    }

    private static Mono<Void> setLocal(Connection c, String name, String value) {
        return Flux.from(c.createStatement("SELECT set_config($1, $2, true)").bind(0, name).bind(1, value).execute())
                .flatMap(r -> r.map((row, meta) -> 1))
                .then();
    }

    /**
     * Runs {@code work}, which begins a transaction on the connection it is given, and commits it. Work that fails
     * (its COMMIT included) is rolled back before its connection goes back to the pool
     * ({@link ReopenableConnectionPool#releaseUnfinished}), so no later borrower inherits its transaction or its users;
     * work that is cancelled has its statement cancelled and its connection closed
     * ({@link ReopenableConnectionPool#releaseCancelled}).
     * The commit is part of the work rather than of the release, so that its failure reaches the caller as it is.
     */
    private <T> Mono<T> inTransaction(Function<Connection, Mono<T>> work) {
        return resilient(Mono.usingWhen(pool.acquire(),
                c -> work.apply(c).map(Optional::of).defaultIfEmpty(Optional.empty())
                        .flatMap(result -> Mono.from(c.commitTransaction()).then(Mono.justOrEmpty(result))),
                Connection::close,
                (c, error) -> pool.releaseUnfinished(c), pool::releaseCancelled));
    }

    private <T> Mono<T> resilient(Mono<T> attempt) {
        return StageTimings.timed(StageTimings.Stage.DATABASE, deadlines.within(attempt
                        .retryWhen(Retry.max(CONNECTION_RETRIES).filter(Database::isConnectionFailure)), budget)
                .onErrorMap(Database::isLoginRefused,
                        e -> new StoreUnavailableException("database refused the service's login (" + sqlStateIn(e) + ")", e))
                .onErrorMap(Database::isUnavailable,
                        e -> new StoreUnavailableException("database unavailable: " + describe(e), e)));
    }

    /**
     * The server refused the login (SQLSTATE class 28: a wrong password, 28P01, or no matching pg_hba entry, 28000).
     * Not a connection failure: retrying with the same login cannot succeed, so the store does not retry it; the
     * pool has already read the credentials again once (see {@link DatabaseCredentials#refused}). The caller gets a
     * 503, as for an unreachable database: nothing a client sent is wrong, and the operators' fix is outside the request.
     */
    static boolean isLoginRefused(Throwable error) {
        return sqlStateIn(error) != null && sqlStateIn(error).startsWith("28");
    }

    private static String sqlStateIn(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof MemoryEngineException) {
                return null;
            }
            String state = sqlState(t);
            if (state != null) {
                return state;
            }
        }
        return null;
    }

    /**
     * A failure of the connection rather than of the work: classified by exception type, as r2dbc-postgresql's
     * {@code ExceptionFactory} maps server errors, and by SQLSTATE for what the server reports. Class 08 is a
     * connection exception; 57P01-57P03 are the server shutting down or not yet accepting connections. A closed or
     * failed client connection is an {@link R2dbcNonTransientResourceException}; a socket error an {@link IOException}.
     */
    static boolean isConnectionFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof MemoryEngineException) {
                return false;
            }
            if (t instanceof R2dbcNonTransientResourceException || t instanceof R2dbcTransientResourceException
                    || t instanceof IOException || isConnectionState(sqlState(t))) {
                return true;
            }
        }
        return false;
    }

    private static String sqlState(Throwable t) {
        if (t instanceof PostgresqlException postgres && postgres.getErrorDetails() != null) {
            return postgres.getErrorDetails().getCode();
        }
        return t instanceof R2dbcException r ? r.getSqlState() : null;
    }

    private static boolean isConnectionState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
    }

    /** A connection failure, or no connection or answer within the budget (a pool acquire timeout is a {@link TimeoutException}). */
    private static boolean isUnavailable(Throwable error) {
        return !(error instanceof MemoryEngineException)
                && (isConnectionFailure(error) || error instanceof TimeoutException
                || error.getCause() instanceof TimeoutException);
    }

    private static String describe(Throwable error) {
        return error.getClass().getSimpleName();
    }
}

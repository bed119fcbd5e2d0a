package io.agentmemory.engine.store;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Where one piece of work's statements run: a connection of the reactive pool, or the blocking connection of the
 * caller's thread ({@link CallerThreadConnection}). Over JDBC a statement runs when its rows are subscribed to, on
 * the subscribing thread, and its rows are read before they are given on.
 */
public sealed interface StatementRunner {

    /** The statement's rows, each read by {@code row} while it is the current one. */
    <T> Flux<T> rows(PortableStatement statement, Function<Readable, T> row);

    static StatementRunner over(io.r2dbc.spi.Connection c) {
        return new Pooled(c);
    }

    static StatementRunner over(java.sql.Connection c) {
        return new Blocking(c);
    }

    /** A statement failed on the blocking connection: that connection's failure, which the pool's way answers. */
    final class BlockingStatementFailed extends RuntimeException {
        private final SQLException failure;

        BlockingStatementFailed(SQLException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }

        public SQLException failure() {
            return failure;
        }
    }

    record Pooled(io.r2dbc.spi.Connection connection) implements StatementRunner {
        @Override
        public <T> Flux<T> rows(PortableStatement statement, Function<Readable, T> row) {
            return Flux.from(statement.on(connection).execute()).flatMap(result -> result.map((r, meta) -> row.apply(r)));
        }
    }

    record Blocking(java.sql.Connection connection) implements StatementRunner {
        @Override
        public <T> Flux<T> rows(PortableStatement statement, Function<Readable, T> row) {
            return Flux.defer(() -> {
                List<T> read = new ArrayList<>();
                try (PreparedStatement prepared = statement.on(connection); ResultSet rows = prepared.executeQuery()) {
                    Readable current = new ResultSetRow(rows);
                    while (rows.next()) {
                        read.add(row.apply(current));
                    }
                } catch (SQLException e) {
                    return Flux.error(new BlockingStatementFailed(e));
                }
                return Flux.fromIterable(read);
            });
        }
    }

    /**
     * The current row of a JDBC result, read as the reactive driver's rows are: times as {@link Instant}s and arrays
     * as Java arrays, which JDBC gives otherwise.
     */
    record ResultSetRow(ResultSet rows) implements Readable {
        @Override
        public <T> T get(int index, Class<T> type) {
            return read(index + 1, null, type);
        }

        @Override
        public <T> T get(String name, Class<T> type) {
            return read(0, name, type);
        }

        private <T> T read(int index, String name, Class<T> type) {
            try {
                if (type == Instant.class) {
                    OffsetDateTime time = name == null ? rows.getObject(index, OffsetDateTime.class)
                            : rows.getObject(name, OffsetDateTime.class);
                    return type.cast(time == null ? null : time.toInstant());
                }
                if (type.isArray()) {
                    Array array = name == null ? rows.getArray(index) : rows.getArray(name);
                    return array == null ? null : type.cast(array.getArray());
                }
                return name == null ? rows.getObject(index, type) : rows.getObject(name, type);
            } catch (SQLException e) {
                throw new BlockingStatementFailed(e);
            }
        }
    }
}

package io.agentmemory.engine.store;

import io.r2dbc.spi.Connection;
import reactor.core.publisher.Mono;

import java.time.Instant;

/**
 * The statements of {@code idempotency_keys} beside an add's: the first answer of an add is read and kept by the
 * add's own statements ({@link FactStatements}), to save their round trips; these remove answers.
 */
public final class IdempotencyStatements {

    private IdempotencyStatements() {
    }

    public static Mono<Long> deleteBefore(Connection c, Instant cutoff) {
        return Rows.rowsUpdated(c.createStatement("DELETE FROM idempotency_keys WHERE created_at < $1").bind(0, cutoff));
    }

    public static Mono<Long> deleteUser(Connection c, String userId) {
        return Rows.rowsUpdated(c.createStatement("DELETE FROM idempotency_keys WHERE user_id = $1").bind(0, userId));
    }
}

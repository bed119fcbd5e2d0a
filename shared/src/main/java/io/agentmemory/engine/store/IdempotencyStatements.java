package io.agentmemory.engine.store;

import io.r2dbc.spi.Connection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;

/** The statements of {@code idempotency_keys}: the first answer of an add, kept for its retries. */
public final class IdempotencyStatements {

    private IdempotencyStatements() {
    }

    public static Mono<IdempotencyRecord> find(Connection c, String userId, String key) {
        return Flux.from(c.createStatement("SELECT request_digest, response::text AS response FROM idempotency_keys "
                        + "WHERE user_id = $1 AND idempotency_key = $2").bind(0, userId).bind(1, key).execute())
                .flatMap(r -> r.map(row -> new IdempotencyRecord(row.get("request_digest", String.class),
                        row.get("response", String.class))))
                .next();
    }

    public static Mono<Void> save(Connection c, String userId, String key, String digest, String responseJson) {
        return Rows.rowsUpdated(c.createStatement("INSERT INTO idempotency_keys (user_id, idempotency_key, request_digest, response) "
                + "VALUES ($1, $2, $3, $4::jsonb)").bind(0, userId).bind(1, key).bind(2, digest).bind(3, responseJson)).then();
    }

    public static Mono<Long> deleteBefore(Connection c, Instant cutoff) {
        return Rows.rowsUpdated(c.createStatement("DELETE FROM idempotency_keys WHERE created_at < $1").bind(0, cutoff));
    }

    public static Mono<Long> deleteUser(Connection c, String userId) {
        return Rows.rowsUpdated(c.createStatement("DELETE FROM idempotency_keys WHERE user_id = $1").bind(0, userId));
    }
}

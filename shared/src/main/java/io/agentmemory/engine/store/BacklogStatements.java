package io.agentmemory.engine.store;

import io.r2dbc.spi.Connection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;

/** The statements of {@code cache_invalidation_backlog}: users whose cache invalidation could not reach the cache. */
public final class BacklogStatements {

    private BacklogStatements() {
    }

    public static Mono<Void> add(Connection c, String userId) {
        return Rows.rowsUpdated(c.createStatement("INSERT INTO cache_invalidation_backlog (user_id) VALUES ($1) ON CONFLICT DO NOTHING")
                .bind(0, userId)).then();
    }

    public static Mono<List<String>> pending(Connection c) {
        return Flux.from(c.createStatement("SELECT user_id FROM cache_invalidation_backlog ORDER BY created_at LIMIT 10000").execute())
                .flatMap(r -> r.map(row -> row.get("user_id", String.class)))
                .collectList();
    }

    public static Mono<Long> remove(Connection c, List<String> userIds) {
        return Rows.rowsUpdated(c.createStatement("DELETE FROM cache_invalidation_backlog WHERE user_id = ANY($1)")
                .bind(0, userIds.toArray(String[]::new)));
    }

    public static Mono<Long> deleteUser(Connection c, String userId) {
        return Rows.rowsUpdated(c.createStatement("DELETE FROM cache_invalidation_backlog WHERE user_id = $1").bind(0, userId));
    }
}

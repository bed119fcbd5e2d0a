package io.agentmemory.engine.store;

import io.r2dbc.spi.Connection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements of {@code user_revisions}: the number that every change to a user's memories raises, in the
 * change's own transaction (the table's triggers do it). A user who never wrote has revision 0.
 */
public final class RevisionStatements {

    private RevisionStatements() {
    }

    /**
     * The users' current revisions in one statement that names its users itself (see {@link SearchStatement} for
     * why the reads sit in a lateral subquery after the setting).
     */
    private static final String CURRENT = """
            WITH tenant AS MATERIALIZED (SELECT set_config('memory.user_ids', $1, true) AS users),
            q AS MATERIALIZED (
                SELECT u.user_id FROM tenant, unnest($2::text[]) AS u(user_id) WHERE tenant.users IS NOT NULL)
            SELECT q.user_id, coalesce(r.revision, 0) AS revision
            FROM q LEFT JOIN LATERAL (
                SELECT v.revision FROM user_revisions v WHERE v.user_id = q.user_id OFFSET 0) r ON true""";

    /** The users' current revisions ({@link #CURRENT}). */
    public static Mono<Map<String, Long>> current(Connection c, Collection<String> userIds) {
        return current(StatementRunner.over(c), userIds);
    }

    /** The users' current revisions ({@link #CURRENT}), wherever {@code runner} runs them. */
    public static Mono<Map<String, Long>> current(StatementRunner runner, Collection<String> userIds) {
        List<String> users = List.copyOf(new java.util.LinkedHashSet<>(userIds));
        Map<String, Long> revisions = new HashMap<>();
        PortableStatement statement = new PortableStatement(CURRENT, 2)
                .bind(0, TenantUsers.setting(users)).bind(1, users.toArray(String[]::new));
        return runner.rows(statement, row -> {
                    String user = row.get("user_id", String.class);
                    revisions.put(user, row.get("revision", Long.class));
                    return user;
                })
                .then(Mono.fromSupplier(() -> revisions));
    }

    /** Raises the user's revision without changing a memory (an explicit invalidation); the new revision. */
    public static Mono<Long> raise(Connection c, String userId) {
        return Flux.from(c.createStatement("SELECT memory_raise_revision($1) AS revision").bind(0, userId).execute())
                .flatMap(r -> r.map(row -> row.get("revision", Long.class)))
                .single();
    }

    /** Removes the user's revision (erasure): the sequence never issues their old numbers again. */
    public static Mono<Long> forget(Connection c, String userId) {
        return Rows.rowsUpdated(c.createStatement("DELETE FROM user_revisions WHERE user_id = $1").bind(0, userId));
    }
}

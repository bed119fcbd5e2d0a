package io.agentmemory.engine.store;

import io.agentmemory.engine.api.Memory;
import io.r2dbc.postgresql.codec.Vector;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The statements of {@code memories}, one method a statement. Methods take the connection so the operation decides
 * what runs in one transaction. Writes of a memory's text log their history row in the same statement. Searches
 * are {@link SearchStatement}'s.
 */
public final class MemoryStatements {

    private MemoryStatements() {
    }

    /**
     * Replaces a memory's text, vector and the attribute it states, and writes its UPDATE history row, in one
     * statement. The rest of the row (metadata, categories, expiry) stays: an add's new version of a fact sets
     * those too, in {@link FactStatements#write}. The words of the message the old text was read from go: they
     * described the old text, and keyword search must not keep finding the memory by them.
     */
    public static Mono<Long> replaceTextWithHistory(Connection c, String userId, UUID id, String text, String key,
                                                    float[] embedding, String embeddingModel, String previousText,
                                                    String attributeKey, short factReading) {
        // The reading is vouched for by its negated version (migration V10's trigger makes it positive).
        Statement s = c.createStatement("""
                        WITH upd AS (
                            UPDATE memories SET memory = $3, memory_key = $4, embedding = $5, fact_attribute = $7,
                                   fact_reading = -$9::smallint, embedding_model = $8, source_text = NULL,
                                   updated_at = clock_timestamp()
                            WHERE user_id = $1 AND id = $2
                            RETURNING id),
                        logged AS (
                            INSERT INTO memory_history (memory_id, user_id, event, old_memory, new_memory)
                            SELECT id, $1, 'UPDATE', $6, $3 FROM upd)
                        SELECT count(*) AS updated FROM upd""")
                .bind(0, userId).bind(1, id).bind(2, text).bind(3, key).bind(4, Vector.of(embedding)).bind(5, previousText);
        Rows.bindNullable(s, 6, attributeKey, String.class);
        s.bind(7, embeddingModel).bind(8, factReading);
        return Flux.from(s.execute()).flatMap(r -> r.map(row -> row.get("updated", Long.class))).single();
    }

    public static Mono<Long> updateAttributes(Connection c, String userId, UUID id, String metadataJson, List<String> categories) {
        Statement s = c.createStatement("""
                UPDATE memories SET metadata = coalesce($3::jsonb, metadata), categories = coalesce($4, categories),
                       updated_at = clock_timestamp()
                WHERE user_id = $1 AND id = $2""").bind(0, userId).bind(1, id);
        Rows.bindNullable(s, 2, metadataJson, String.class);
        Rows.bindNullable(s, 3, categories == null ? null : categories.toArray(String[]::new), String[].class);
        return Rows.rowsUpdated(s);
    }

    public static Mono<Memory> find(Connection c, String userId, UUID id, boolean forUpdate) {
        return Flux.from(c.createStatement("SELECT " + Rows.MEMORY_COLUMNS + " FROM memories m WHERE m.user_id = $1 AND m.id = $2 AND "
                        + Rows.NOT_EXPIRED + (forUpdate ? " FOR UPDATE" : "")).bind(0, userId).bind(1, id).execute())
                .flatMap(r -> r.map(Rows::memory))
                .next();
    }

    /** A page of the user's memories, newest first, continuing after (createdAt, id) when given. */
    public static Mono<List<Memory>> page(Connection c, String userId, Instant afterCreatedAt, UUID afterId, int limit) {
        Statement s = c.createStatement("SELECT " + Rows.MEMORY_COLUMNS + " FROM memories m WHERE m.user_id = $1 AND "
                + Rows.NOT_EXPIRED + " AND ($2::timestamptz IS NULL OR (m.created_at, m.id) < ($2::timestamptz, $3::uuid))"
                + " ORDER BY m.created_at DESC, m.id DESC LIMIT $4").bind(0, userId);
        Rows.bindNullable(s, 1, afterCreatedAt, Instant.class);
        Rows.bindNullable(s, 2, afterId, UUID.class);
        s.bind(3, limit);
        return Flux.from(s.execute()).flatMap(r -> r.map(Rows::memory)).collectList();
    }

    /** The user's live memories, oldest first, for the travel context: one statement for every group. */
    public static Mono<List<Memory>> contextMemories(Connection c, String userId, int limit) {
        return Flux.from(c.createStatement("SELECT " + Rows.MEMORY_COLUMNS + " FROM memories m WHERE m.user_id = $1 AND "
                        + Rows.NOT_EXPIRED + " ORDER BY m.created_at, m.id LIMIT $2").bind(0, userId).bind(1, limit).execute())
                .flatMap(r -> r.map(Rows::memory)).collectList();
    }

    /**
     * Memories that hold one of the given preference slots, or whose text already is one of the given facts
     * (by normalised key), so a preference is never written twice.
     */
    public static Mono<List<Memory>> preferenceMemories(Connection c, String userId, List<String> slots, List<String> keys) {
        return Flux.from(c.createStatement("SELECT " + Rows.MEMORY_COLUMNS + " FROM memories m WHERE m.user_id = $1 AND (m.metadata->>'preference' = ANY($2) OR m.memory_key = ANY($3))")
                        .bind(0, userId).bind(1, slots.toArray(String[]::new)).bind(2, keys.toArray(String[]::new)).execute())
                .flatMap(r -> r.map(Rows::memory)).collectList();
    }

    public static Mono<String> deleteOne(Connection c, String userId, UUID id) {
        return Flux.from(c.createStatement("DELETE FROM memories WHERE user_id = $1 AND id = $2 RETURNING memory")
                        .bind(0, userId).bind(1, id).execute())
                .flatMap(r -> r.map(row -> row.get("memory", String.class)))
                .next();
    }

    /** Deletes expired memories (recording their deletion) and returns the users they belonged to. */
    public static Mono<List<String>> deleteExpired(Connection c) {
        return Flux.from(c.createStatement("""
                        WITH gone AS (DELETE FROM memories WHERE expires_at <= now() RETURNING id, user_id, memory),
                             logged AS (INSERT INTO memory_history (memory_id, user_id, event, old_memory)
                                        SELECT id, user_id, 'DELETE', memory FROM gone)
                        SELECT user_id FROM gone""").execute())
                .flatMap(r -> r.map(row -> row.get("user_id", String.class)))
                .collectList();
    }

    /** Deletes every memory of one user (erasure; their history and records go with the other tables' statements). */
    public static Mono<Long> deleteUser(Connection c, String userId) {
        return Rows.rowsUpdated(c.createStatement("DELETE FROM memories WHERE user_id = $1").bind(0, userId));
    }
}

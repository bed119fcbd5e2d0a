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

    private static final String NEAREST_SQL = """
            WITH f AS MATERIALIZED (
                SELECT u.ord, u.vec FROM unnest($2::vector[]) WITH ORDINALITY AS u(vec, ord))
            SELECT f.ord, n.id, n.memory, n.memory_key, 1 - n.d AS similarity
            FROM f LEFT JOIN LATERAL (%s) n ON true
            ORDER BY f.ord
            """.formatted(NearestMemories.exact("m.id, m.memory, m.memory_key",
            "m.user_id = $1 AND m.embedding_model = $3 AND " + Rows.NOT_EXPIRED, "f.vec", "1"));

    /**
     * The same through the codes ({@link SearchRanking#codes()}): the nearest of the candidates the Hamming distance
     * picks, for a user with more memories than candidates. A memory close enough to be updated is among them: in
     * the benchmark's memories, pairs of cosine 0.8 or more were 24-91 of 384 bits apart (67 on average), pairs
     * under 0.5 were 100-224 (162).
     */
    private static final String NEAREST_THROUGH_CODES_SQL = """
            WITH f AS MATERIALIZED (
                SELECT u.ord, u.vec, binary_quantize(u.vec) AS code FROM unnest($2::vector[]) WITH ORDINALITY AS u(vec, ord)),
            z AS MATERIALIZED (
                SELECT count(*) AS n, greatest($4::int, ceil($5::float8 * count(*))::int) AS cand
                FROM memories c WHERE c.user_id = $1)
            SELECT f.ord, n.id, n.memory, n.memory_key, 1 - n.d AS similarity
            FROM f CROSS JOIN z LEFT JOIN LATERAL (%s) n ON true
            ORDER BY f.ord
            """.formatted(NearestMemories.throughCodes("m.id, m.memory, m.memory_key",
            "m.user_id = $1 AND m.embedding_model = $3 AND " + Rows.NOT_EXPIRED,
            "f.vec", "f.code", "z.n", "z.cand", "1"));

    /**
     * The user's nearest live memory to each embedding (an add's ADD / UPDATE / NOOP decision), as {@code ranking}
     * ranks, among the memories embedded by its model; similarity is the cosine.
     */
    public static Mono<List<StoredMatch>> nearest(Connection c, String userId, List<float[]> embeddings, SearchRanking ranking) {
        Vector[] vectors = embeddings.stream().map(Vector::of).toArray(Vector[]::new);
        Statement s = ranking.codes()
                ? c.createStatement(NEAREST_THROUGH_CODES_SQL).bind(0, userId).bind(1, vectors).bind(2, ranking.embeddingModel())
                        .bind(3, ranking.candidates()).bind(4, ranking.candidateShare())
                : c.createStatement(NEAREST_SQL).bind(0, userId).bind(1, vectors).bind(2, ranking.embeddingModel());
        return Flux.from(s.execute())
                .flatMap(result -> result.map(row -> {
                    UUID id = row.get("id", UUID.class);
                    int ord = row.get("ord", Long.class).intValue() - 1;
                    return id == null ? new StoredMatch(ord, null, null, null, -1)
                            : new StoredMatch(ord, id, row.get("memory", String.class), row.get("memory_key", String.class),
                            row.get("similarity", Double.class));
                }))
                .collectList();
    }

    /**
     * Inserts new memories and their ADD history rows in one statement; they share the first one's metadata,
     * categories, session, expiry and observation time (those of the request that stated them), and their vectors
     * come from {@code embeddingModel}.
     */
    public static Mono<Long> insertAllWithHistory(Connection c, List<NewMemory> memories, String embeddingModel) {
        NewMemory first = memories.get(0);
        Statement s = c.createStatement("""
                        WITH ins AS (
                            INSERT INTO memories (id, user_id, memory, memory_key, embedding, metadata, categories, session_id,
                                                  expires_at, embedding_model, observed_at, mentioned_dates)
                            SELECT u.id, $2, u.memory, u.memory_key, u.vec, $6::jsonb, $7, $8, $9, $10,
                                   coalesce($11, clock_timestamp()), u.dates::jsonb
                            FROM unnest($1::uuid[], $3::text[], $4::text[], $5::vector[], $12::text[])
                                 AS u(id, memory, memory_key, vec, dates)
                            ON CONFLICT (user_id, memory_key) DO UPDATE SET
                                memory = EXCLUDED.memory, embedding = EXCLUDED.embedding, metadata = EXCLUDED.metadata,
                                categories = EXCLUDED.categories, session_id = EXCLUDED.session_id,
                                expires_at = EXCLUDED.expires_at, embedding_model = EXCLUDED.embedding_model,
                                observed_at = EXCLUDED.observed_at, mentioned_dates = EXCLUDED.mentioned_dates,
                                updated_at = clock_timestamp()
                            RETURNING id, memory),
                        logged AS (
                            INSERT INTO memory_history (memory_id, user_id, event, new_memory)
                            SELECT id, $2, 'ADD', memory FROM ins)
                        SELECT count(*) AS inserted FROM ins""")
                .bind(0, memories.stream().map(NewMemory::id).toArray(UUID[]::new))
                .bind(1, first.userId())
                .bind(2, memories.stream().map(NewMemory::text).toArray(String[]::new))
                .bind(3, memories.stream().map(NewMemory::key).toArray(String[]::new))
                .bind(4, memories.stream().map(m -> Vector.of(m.embedding())).toArray(Vector[]::new))
                .bind(5, first.metadataJson())
                .bind(6, first.categories().toArray(String[]::new));
        Rows.bindNullable(s, 7, first.sessionId(), String.class);
        Rows.bindNullable(s, 8, first.expiresAt(), Instant.class);
        s.bind(9, embeddingModel);
        Rows.bindNullable(s, 10, first.observedAt(), Instant.class);
        s.bind(11, memories.stream().map(NewMemory::mentionedDatesJson).toArray(String[]::new));
        return Flux.from(s.execute()).flatMap(r -> r.map(row -> row.get("inserted", Long.class))).single();
    }

    /** Replaces a memory's text and vector (made by {@code embeddingModel}) and writes its UPDATE history row, in one statement. */
    public static Mono<Long> replaceTextWithHistory(Connection c, String userId, UUID id, String text, String key,
                                             float[] embedding, String embeddingModel, String previousText) {
        return Flux.from(c.createStatement("""
                        WITH upd AS (
                            UPDATE memories SET memory = $3, memory_key = $4, embedding = $5, embedding_model = $7,
                                   updated_at = clock_timestamp()
                            WHERE user_id = $1 AND id = $2
                            RETURNING id),
                        logged AS (
                            INSERT INTO memory_history (memory_id, user_id, event, old_memory, new_memory)
                            SELECT id, $1, 'UPDATE', $6, $3 FROM upd)
                        SELECT count(*) AS updated FROM upd""")
                        .bind(0, userId).bind(1, id).bind(2, text).bind(3, key).bind(4, Vector.of(embedding))
                        .bind(5, previousText).bind(6, embeddingModel).execute())
                .flatMap(r -> r.map(row -> row.get("updated", Long.class))).single();
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

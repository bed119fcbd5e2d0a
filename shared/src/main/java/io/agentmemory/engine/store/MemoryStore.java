package io.agentmemory.engine.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.engine.api.HistoryEntry;
import io.agentmemory.engine.api.Memory;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.context.TravelFlags;
import io.r2dbc.postgresql.codec.Vector;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The SQL of the memory store, one method a statement. Methods take the connection so the engine decides
 * what runs in one transaction. Search is exact over the user's own rows (found through the per-user index):
 * a global approximate index filtered by user afterwards silently returns too few hits for a selective user
 * filter, and one user's memories are few enough to rank exactly in well under a millisecond or two.
 */
public final class MemoryStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    static final String NOT_EXPIRED = "(m.expires_at IS NULL OR m.expires_at > now())";
    private static final String MEMORY_COLUMNS =
            "m.id, m.user_id, m.memory, m.metadata::text AS metadata, m.categories, m.session_id, "
                    + "m.created_at, m.updated_at, m.expires_at";

    private static final String NEAREST_SQL = """
            WITH f AS MATERIALIZED (
                SELECT u.ord, u.vec FROM unnest($2::vector[]) WITH ORDINALITY AS u(vec, ord))
            SELECT f.ord, n.id, n.memory, n.memory_key, 1 - n.d AS similarity
            FROM f LEFT JOIN LATERAL (%s) n ON true
            ORDER BY f.ord
            """.formatted(NearestMemories.exact("m.id, m.memory, m.memory_key", "m.user_id = $1 AND " + NOT_EXPIRED, "f.vec", "1"));

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
                SELECT count(*) AS n, greatest($3::int, ceil($4::float8 * count(*))::int) AS cand
                FROM memories c WHERE c.user_id = $1)
            SELECT f.ord, n.id, n.memory, n.memory_key, 1 - n.d AS similarity
            FROM f CROSS JOIN z LEFT JOIN LATERAL (%s) n ON true
            ORDER BY f.ord
            """.formatted(NearestMemories.throughCodes("m.id, m.memory, m.memory_key", "m.user_id = $1 AND " + NOT_EXPIRED,
            "f.vec", "f.code", "z.n", "z.cand", "1"));

    /** The user's nearest live memory to each embedding (an add's ADD / UPDATE / NOOP decision), as {@code ranking} ranks. */
    public Mono<List<StoredMatch>> nearest(Connection c, String userId, List<float[]> embeddings, SearchRanking ranking) {
        Vector[] vectors = embeddings.stream().map(Vector::of).toArray(Vector[]::new);
        Statement s = ranking.codes()
                ? c.createStatement(NEAREST_THROUGH_CODES_SQL).bind(0, userId).bind(1, vectors)
                        .bind(2, ranking.candidates()).bind(3, ranking.candidateShare())
                : c.createStatement(NEAREST_SQL).bind(0, userId).bind(1, vectors);
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

    /** Inserts a memory; a same-text memory that had expired but not yet been swept is revived instead. */
    /**
     * Inserts new memories and their ADD history rows in one statement; they share the first one's metadata,
     * categories, session and expiry (those of the request that stated them).
     */
    public Mono<Long> insertAllWithHistory(Connection c, List<NewMemory> memories) {
        NewMemory first = memories.get(0);
        Statement s = c.createStatement("""
                        WITH ins AS (
                            INSERT INTO memories (id, user_id, memory, memory_key, embedding, metadata, categories, session_id, expires_at)
                            SELECT u.id, $2, u.memory, u.memory_key, u.vec, $6::jsonb, $7, $8, $9
                            FROM unnest($1::uuid[], $3::text[], $4::text[], $5::vector[]) AS u(id, memory, memory_key, vec)
                            ON CONFLICT (user_id, memory_key) DO UPDATE SET
                                memory = EXCLUDED.memory, embedding = EXCLUDED.embedding, metadata = EXCLUDED.metadata,
                                categories = EXCLUDED.categories, session_id = EXCLUDED.session_id,
                                expires_at = EXCLUDED.expires_at, updated_at = clock_timestamp()
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
        bindNullable(s, 7, first.sessionId(), String.class);
        bindNullable(s, 8, first.expiresAt(), Instant.class);
        return Flux.from(s.execute()).flatMap(r -> r.map(row -> row.get("inserted", Long.class))).single();
    }

    /** Replaces a memory's text and vector and writes its UPDATE history row, in one statement. */
    public Mono<Long> replaceTextWithHistory(Connection c, String userId, UUID id, String text, String key,
                                             float[] embedding, String previousText) {
        return Flux.from(c.createStatement("""
                        WITH upd AS (
                            UPDATE memories SET memory = $3, memory_key = $4, embedding = $5,
                                   updated_at = clock_timestamp()
                            WHERE user_id = $1 AND id = $2
                            RETURNING id),
                        logged AS (
                            INSERT INTO memory_history (memory_id, user_id, event, old_memory, new_memory)
                            SELECT id, $1, 'UPDATE', $6, $3 FROM upd)
                        SELECT count(*) AS updated FROM upd""")
                        .bind(0, userId).bind(1, id).bind(2, text).bind(3, key).bind(4, Vector.of(embedding))
                        .bind(5, previousText).execute())
                .flatMap(r -> r.map(row -> row.get("updated", Long.class))).single();
    }

    public Mono<Long> updateAttributes(Connection c, String userId, UUID id, String metadataJson, List<String> categories) {
        Statement s = c.createStatement("""
                UPDATE memories SET metadata = coalesce($3::jsonb, metadata), categories = coalesce($4, categories),
                       updated_at = clock_timestamp()
                WHERE user_id = $1 AND id = $2""").bind(0, userId).bind(1, id);
        bindNullable(s, 2, metadataJson, String.class);
        bindNullable(s, 3, categories == null ? null : categories.toArray(String[]::new), String[].class);
        return rowsUpdated(s);
    }

    public Mono<Void> recordHistory(Connection c, UUID memoryId, String userId, MemoryEvent event, String oldText, String newText) {
        Statement s = c.createStatement("""
                INSERT INTO memory_history (memory_id, user_id, event, old_memory, new_memory)
                VALUES ($1, $2, $3, $4, $5)""").bind(0, memoryId).bind(1, userId).bind(2, event.name());
        bindNullable(s, 3, oldText, String.class);
        bindNullable(s, 4, newText, String.class);
        return rowsUpdated(s).then();
    }

    /**
     * Every search in one statement ({@link SearchStatement}); hits come back per search, in input order.
     *
     * @param tenantUsers the users, comma-separated, this statement may see (row-level security)
     */
    public Mono<List<List<SearchHit>>> search(Connection c, List<StoredSearch> searches, SearchRanking ranking,
                                              String tenantUsers) {
        int n = searches.size();
        Statement s = SearchStatement.of(searches, ranking, tenantUsers).create(c);
        List<List<SearchHit>> hits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            hits.add(new ArrayList<>());
        }
        return Flux.from(s.execute())
                .flatMap(result -> result.map(row -> {
                    int ord = row.get("ord", Long.class).intValue() - 1;
                    String memory = row.get("memory", String.class);
                    TravelFlags flags = TravelFlags.of(memory);
                    hits.get(ord).add(new SearchHit(row.get("id", UUID.class), memory,
                            row.get("score", Double.class), parseMetadata(row.get("metadata", String.class)),
                            categories(row), row.get("created_at", Instant.class), row.get("updated_at", Instant.class),
                            flags.location(), flags.budget(), flags.accommodation()));
                    return ord;
                }))
                .then(Mono.fromSupplier(() -> hits));
    }

    public Mono<Memory> find(Connection c, String userId, UUID id, boolean forUpdate) {
        return Flux.from(c.createStatement("SELECT " + MEMORY_COLUMNS + " FROM memories m WHERE m.user_id = $1 AND m.id = $2 AND "
                        + NOT_EXPIRED + (forUpdate ? " FOR UPDATE" : "")).bind(0, userId).bind(1, id).execute())
                .flatMap(r -> r.map(MemoryStore::memory))
                .next();
    }

    /** A page of the user's memories, newest first, continuing after (createdAt, id) when given. */
    public Mono<List<Memory>> page(Connection c, String userId, Instant afterCreatedAt, UUID afterId, int limit) {
        Statement s = c.createStatement("SELECT " + MEMORY_COLUMNS + " FROM memories m WHERE m.user_id = $1 AND "
                + NOT_EXPIRED + " AND ($2::timestamptz IS NULL OR (m.created_at, m.id) < ($2::timestamptz, $3::uuid))"
                + " ORDER BY m.created_at DESC, m.id DESC LIMIT $4").bind(0, userId);
        bindNullable(s, 1, afterCreatedAt, Instant.class);
        bindNullable(s, 2, afterId, UUID.class);
        s.bind(3, limit);
        return Flux.from(s.execute()).flatMap(r -> r.map(MemoryStore::memory)).collectList();
    }

    /** The user's live memories, oldest first, for the travel context: one statement for every group. */
    public Mono<List<Memory>> contextMemories(Connection c, String userId, int limit) {
        return Flux.from(c.createStatement("SELECT " + MEMORY_COLUMNS + " FROM memories m WHERE m.user_id = $1 AND "
                        + NOT_EXPIRED + " ORDER BY m.created_at, m.id LIMIT $2").bind(0, userId).bind(1, limit).execute())
                .flatMap(r -> r.map(MemoryStore::memory)).collectList();
    }

    /**
     * Memories that hold one of the given preference slots, or whose text already is one of the given facts
     * (by normalised key), so a preference is never written twice.
     */
    public Mono<List<Memory>> preferenceMemories(Connection c, String userId, List<String> slots, List<String> keys) {
        return Flux.from(c.createStatement("SELECT " + MEMORY_COLUMNS + " FROM memories m WHERE m.user_id = $1 AND (m.metadata->>'preference' = ANY($2) OR m.memory_key = ANY($3))")
                        .bind(0, userId).bind(1, slots.toArray(String[]::new)).bind(2, keys.toArray(String[]::new)).execute())
                .flatMap(r -> r.map(MemoryStore::memory)).collectList();
    }

    public Mono<String> deleteOne(Connection c, String userId, UUID id) {
        return Flux.from(c.createStatement("DELETE FROM memories WHERE user_id = $1 AND id = $2 RETURNING memory")
                        .bind(0, userId).bind(1, id).execute())
                .flatMap(r -> r.map(row -> row.get("memory", String.class)))
                .next();
    }

    public Mono<long[]> deleteUser(Connection c, String userId) {
        return rowsUpdated(c.createStatement("DELETE FROM memories WHERE user_id = $1").bind(0, userId))
                .zipWith(rowsUpdated(c.createStatement("DELETE FROM memory_history WHERE user_id = $1").bind(0, userId)))
                .zipWith(rowsUpdated(c.createStatement("DELETE FROM idempotency_keys WHERE user_id = $1").bind(0, userId)),
                        (t, keys) -> new long[]{t.getT1(), t.getT2(), keys})
                // A missed cache invalidation recorded for the user names them too. The erasure that follows makes it
                // moot when the cache is reachable, and records it again when the cache is not.
                .flatMap(counts -> rowsUpdated(c.createStatement("DELETE FROM cache_invalidation_backlog WHERE user_id = $1")
                        .bind(0, userId)).thenReturn(counts));
    }

    public Mono<List<HistoryEntry>> history(Connection c, String userId, UUID memoryId) {
        return Flux.from(c.createStatement("""
                        SELECT id, memory_id, event, old_memory, new_memory, created_at FROM memory_history
                        WHERE user_id = $1 AND memory_id = $2 ORDER BY id""").bind(0, userId).bind(1, memoryId).execute())
                .flatMap(r -> r.map(row -> new HistoryEntry(row.get("id", Long.class), row.get("memory_id", UUID.class),
                        MemoryEvent.valueOf(row.get("event", String.class)), row.get("old_memory", String.class),
                        row.get("new_memory", String.class), row.get("created_at", Instant.class))))
                .collectList();
    }

    /** The stored answer for an idempotency key: [requestDigest, responseJson], or empty. */
    public Mono<String[]> idempotencyRecord(Connection c, String userId, String key) {
        return Flux.from(c.createStatement("SELECT request_digest, response::text AS response FROM idempotency_keys "
                        + "WHERE user_id = $1 AND idempotency_key = $2").bind(0, userId).bind(1, key).execute())
                .flatMap(r -> r.map(row -> new String[]{row.get("request_digest", String.class), row.get("response", String.class)}))
                .next();
    }

    public Mono<Void> saveIdempotencyRecord(Connection c, String userId, String key, String digest, String responseJson) {
        return rowsUpdated(c.createStatement("INSERT INTO idempotency_keys (user_id, idempotency_key, request_digest, response) "
                + "VALUES ($1, $2, $3, $4::jsonb)").bind(0, userId).bind(1, key).bind(2, digest).bind(3, responseJson)).then();
    }

    /** Deletes expired memories (recording their deletion) and returns the users they belonged to. */
    public Mono<List<String>> deleteExpired(Connection c) {
        return Flux.from(c.createStatement("""
                        WITH gone AS (DELETE FROM memories WHERE expires_at <= now() RETURNING id, user_id, memory),
                             logged AS (INSERT INTO memory_history (memory_id, user_id, event, old_memory)
                                        SELECT id, user_id, 'DELETE', memory FROM gone)
                        SELECT user_id FROM gone""").execute())
                .flatMap(r -> r.map(row -> row.get("user_id", String.class)))
                .collectList();
    }

    public Mono<Long> deleteIdempotencyRecordsBefore(Connection c, Instant cutoff) {
        return rowsUpdated(c.createStatement("DELETE FROM idempotency_keys WHERE created_at < $1").bind(0, cutoff));
    }

    public Mono<Void> addPendingInvalidation(Connection c, String userId) {
        return rowsUpdated(c.createStatement("INSERT INTO cache_invalidation_backlog (user_id) VALUES ($1) ON CONFLICT DO NOTHING")
                .bind(0, userId)).then();
    }

    public Mono<List<String>> pendingInvalidations(Connection c) {
        return Flux.from(c.createStatement("SELECT user_id FROM cache_invalidation_backlog ORDER BY created_at LIMIT 10000").execute())
                .flatMap(r -> r.map(row -> row.get("user_id", String.class)))
                .collectList();
    }

    public Mono<Long> removePendingInvalidations(Connection c, List<String> userIds) {
        return rowsUpdated(c.createStatement("DELETE FROM cache_invalidation_backlog WHERE user_id = ANY($1)")
                .bind(0, userIds.toArray(String[]::new)));
    }

    private static Memory memory(Readable row) {
        return new Memory(row.get("id", UUID.class), row.get("user_id", String.class), row.get("memory", String.class),
                parseMetadata(row.get("metadata", String.class)), categories(row), row.get("session_id", String.class),
                row.get("created_at", Instant.class), row.get("updated_at", Instant.class), row.get("expires_at", Instant.class));
    }

    private static List<String> categories(Readable row) {
        String[] values = row.get("categories", String[].class);
        return values == null ? List.of() : Arrays.asList(values);
    }

    static Map<String, Object> parseMetadata(String json) {
        if (json == null || json.isEmpty() || "{}".equals(json)) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata is not a JSON object", e);
        }
    }

    private static <T> void bindNullable(Statement s, int index, T value, Class<T> type) {
        if (value == null) {
            s.bindNull(index, type);
        } else {
            s.bind(index, value);
        }
    }

    private static Mono<Long> rowsUpdated(Statement s) {
        return Flux.from(s.execute()).flatMap(r -> r.getRowsUpdated()).reduce(0L, Long::sum);
    }

}

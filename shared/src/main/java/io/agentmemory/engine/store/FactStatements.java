package io.agentmemory.engine.store;

import io.r2dbc.postgresql.codec.Vector;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The statements of an add's decisions: the memories each new fact may be a version of, then the writes the
 * decisions call for. Each runs inside the writer's transaction, under the user's lock.
 */
public final class FactStatements {

    private FactStatements() {
    }

    /** A live memory proposed as a candidate for one new fact (by its position in the request), with its cosine similarity. */
    public record Candidate(int factIndex, UUID id, String memory, String memoryKey, double similarity) {
    }

    private static final String CANDIDATE_COLUMNS = "m.id, m.memory, m.memory_key";
    private static final String LIVE = "m.user_id = $1 AND " + Rows.NOT_EXPIRED;
    /** Similarity compares vectors of one model only: the configured one ($6). */
    private static final String LIVE_OF_MODEL = LIVE + " AND m.embedding_model = $6";

    /**
     * First drops the user's expired memories that a new fact states again (recording their deletion), so that
     * saying an expired fact again makes a new memory with an id of its own. Then, for each fact, proposes: the
     * memory with the same normalised text, the memories of the same single-valued attribute, and the
     * {@code nearest} memories by cosine distance, nearest first.
     */
    private static String candidatesSql(String nearest) {
        return """
                WITH expired AS (
                    DELETE FROM memories WHERE user_id = $1 AND memory_key = ANY($3::text[]) AND expires_at <= now()
                    RETURNING id, memory),
                logged AS (
                    INSERT INTO memory_history (memory_id, user_id, event, old_memory)
                    SELECT id, $1, 'DELETE', memory FROM expired),
                f AS MATERIALIZED (
                    SELECT u.ord, u.vec, u.memory_key, u.attr
                    FROM unnest($2::vector[], $3::text[], $4::text[]) WITH ORDINALITY AS u(vec, memory_key, attr, ord))
                SELECT f.ord, n.id, n.memory, n.memory_key, 1 - n.d AS similarity
                FROM f CROSS JOIN LATERAL (
                    (%s)
                    UNION
                    (SELECT %s, m.embedding <=> f.vec AS d FROM memories m
                     WHERE %s AND (m.memory_key = f.memory_key OR m.fact_attribute = f.attr))) n
                ORDER BY f.ord, n.d
                """.formatted(nearest, CANDIDATE_COLUMNS, LIVE);
    }

    private static final String CANDIDATES_SQL = candidatesSql(
            NearestMemories.exact(CANDIDATE_COLUMNS, LIVE_OF_MODEL, "f.vec", "$5"));

    private static final String CANDIDATES_THROUGH_CODES_SQL = candidatesSql("""
            SELECT s.id, s.memory, s.memory_key, s.d
            FROM (SELECT count(*) AS n, greatest($7::int, ceil($8::float8 * count(*))::int) AS cand
                  FROM memories c WHERE c.user_id = $1) z
            CROSS JOIN LATERAL (%s) s""".formatted(NearestMemories.throughCodes(CANDIDATE_COLUMNS, LIVE_OF_MODEL, "f.vec",
            "binary_quantize(f.vec)", "z.n", "z.cand", "$5")));

    /**
     * @param nearest how many memories similarity proposes per fact (0 for facts stored as sent: only their exact
     *                text can match)
     */
    public static Mono<List<List<Candidate>>> candidates(Connection c, String userId, List<float[]> vectors,
                                                         List<String> keys, List<String> attributeKeys, int nearest,
                                                         SearchRanking ranking) {
        Statement s = c.createStatement(ranking.codes() ? CANDIDATES_THROUGH_CODES_SQL : CANDIDATES_SQL)
                .bind(0, userId)
                .bind(1, vectors.stream().map(Vector::of).toArray(Vector[]::new))
                .bind(2, keys.toArray(String[]::new))
                .bind(3, attributeKeys.toArray(String[]::new))
                .bind(4, nearest)
                .bind(5, ranking.embeddingModel());
        if (ranking.codes()) {
            s.bind(6, ranking.candidates()).bind(7, ranking.candidateShare());
        }
        List<List<Candidate>> perFact = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            perFact.add(new ArrayList<>());
        }
        return Flux.from(s.execute())
                .flatMap(result -> result.map(row -> {
                    int ord = row.get("ord", Long.class).intValue() - 1;
                    Candidate candidate = new Candidate(ord, row.get("id", UUID.class), row.get("memory", String.class),
                            row.get("memory_key", String.class), row.get("similarity", Double.class));
                    perFact.get(ord).add(candidate);
                    return candidate;
                }))
                .then(Mono.fromSupplier(() -> perFact));
    }

    /**
     * Inserts new memories and their ADD history rows in one statement; they share the first one's metadata,
     * categories, session and expiry (those of the request that stated them). The ids stored, by normalised key.
     */
    public static Mono<Map<String, UUID>> insertAll(Connection c, List<NewMemory> memories) {
        NewMemory first = memories.get(0);
        Statement s = c.createStatement("""
                        WITH ins AS (
                            INSERT INTO memories (id, user_id, memory, memory_key, embedding, metadata, categories, session_id,
                                                  expires_at, fact_attribute, embedding_model, observed_at, mentioned_dates,
                                                  source_text)
                            SELECT u.id, $2, u.memory, u.memory_key, u.vec, $6::jsonb, $7, $8, $9, u.attr, $11,
                                   coalesce($12, clock_timestamp()), u.dates::jsonb, u.source
                            FROM unnest($1::uuid[], $3::text[], $4::text[], $5::vector[], $10::text[], $13::text[], $14::text[])
                                 AS u(id, memory, memory_key, vec, attr, dates, source)
                            RETURNING id, memory, memory_key),
                        logged AS (
                            INSERT INTO memory_history (memory_id, user_id, event, new_memory)
                            SELECT id, $2, 'ADD', memory FROM ins)
                        SELECT id, memory_key FROM ins""")
                .bind(0, memories.stream().map(NewMemory::id).toArray(UUID[]::new))
                .bind(1, first.userId())
                .bind(2, memories.stream().map(NewMemory::text).toArray(String[]::new))
                .bind(3, memories.stream().map(NewMemory::key).toArray(String[]::new))
                .bind(4, memories.stream().map(m -> Vector.of(m.embedding())).toArray(Vector[]::new))
                .bind(5, first.metadataJson())
                .bind(6, first.categories().toArray(String[]::new))
                .bind(9, memories.stream().map(NewMemory::attributeKey).toArray(String[]::new));
        Rows.bindNullable(s, 7, first.sessionId(), String.class);
        Rows.bindNullable(s, 8, first.expiresAt(), Instant.class);
        s.bind(10, first.embeddingModel());
        Rows.bindNullable(s, 11, first.observedAt(), Instant.class);
        s.bind(12, memories.stream().map(NewMemory::mentionedDatesJson).toArray(String[]::new));
        s.bind(13, memories.stream().map(NewMemory::sourceText).toArray(String[]::new));
        Map<String, UUID> ids = new HashMap<>();
        return Flux.from(s.execute())
                .flatMap(r -> r.map(row -> {
                    UUID id = row.get("id", UUID.class);
                    ids.put(row.get("memory_key", String.class), id);
                    return id;
                }))
                .then(Mono.fromSupplier(() -> ids));
    }

    /**
     * Replaces a memory by a new version of its fact, with its history row, in one statement: the new text and
     * vector, and the new statement's expiry (none makes the memory permanent), its categories (when it names
     * any) and its metadata merged key by key over the old (the new statement's values win). The source words are
     * the new statement's: the old message no longer describes what the memory says.
     */
    public static Mono<Long> replace(Connection c, String userId, UUID id, NewMemory next, String previousText) {
        Statement s = c.createStatement("""
                        WITH upd AS (
                            UPDATE memories SET memory = $3, memory_key = $4, embedding = $5,
                                   metadata = metadata || $7::jsonb,
                                   categories = CASE WHEN cardinality($8::text[]) > 0 THEN $8::text[] ELSE categories END,
                                   session_id = coalesce($9, session_id), expires_at = $10, fact_attribute = $11,
                                   embedding_model = $12, observed_at = coalesce($13, clock_timestamp()),
                                   mentioned_dates = $14::jsonb, source_text = $15, updated_at = clock_timestamp()
                            WHERE user_id = $1 AND id = $2
                            RETURNING id),
                        logged AS (
                            INSERT INTO memory_history (memory_id, user_id, event, old_memory, new_memory)
                            SELECT id, $1, 'UPDATE', $6, $3 FROM upd)
                        SELECT count(*) AS updated FROM upd""")
                .bind(0, userId).bind(1, id).bind(2, next.text()).bind(3, next.key()).bind(4, Vector.of(next.embedding()))
                .bind(5, previousText).bind(6, next.metadataJson()).bind(7, next.categories().toArray(String[]::new));
        Rows.bindNullable(s, 8, next.sessionId(), String.class);
        Rows.bindNullable(s, 9, next.expiresAt(), Instant.class);
        Rows.bindNullable(s, 10, next.attributeKey(), String.class);
        s.bind(11, next.embeddingModel());
        Rows.bindNullable(s, 12, next.observedAt(), Instant.class);
        s.bind(13, next.mentionedDatesJson());
        Rows.bindNullable(s, 14, next.sourceText(), String.class);
        return Flux.from(s.execute()).flatMap(r -> r.map(row -> row.get("updated", Long.class))).single();
    }
}

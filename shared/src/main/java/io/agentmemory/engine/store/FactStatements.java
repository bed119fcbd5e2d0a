package io.agentmemory.engine.store;

import io.r2dbc.postgresql.codec.Vector;
import io.r2dbc.spi.Connection;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The statements of an add's decisions: the memories each new fact may be a version of, then the writes the
 * decisions call for. Each names its user itself, so each can be a transaction of its own: the write then goes
 * through only if the user's memories are still what the proposals read ({@link #writeIfUnchanged}). Inside a
 * transaction that holds the user's writer lock, the write is unconditional ({@link #write}).
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
     * A fact sent without a vector proposes no nearest memories: the user already holds its words (that memory
     * decides it), or the decision rule has no use for them. The condition is on the fact alone, so PostgreSQL
     * checks it before the scan.
     */
    private static final String NEAREST_OF = LIVE_OF_MODEL + " AND f.vec IS NOT NULL";

    /**
     * One statement, one round trip, that names its user itself (see {@link SearchStatement} for why every read
     * sits in a lateral subquery after the setting): the user's revision, which the statement's rows are a
     * snapshot of; the answer kept under the request's idempotency key ($7, null without one); and only when there
     * is none, for each fact: the memory with the same normalised text, the memories of the same single-valued
     * attribute, and the {@code nearest} memories by cosine distance, nearest first. The revision comes first
     * ({@code ord} 0), then the answer kept ({@code ord} null).
     */
    private static String candidatesSql(String nearest) {
        return """
                WITH tenant AS MATERIALIZED (SELECT set_config('memory.user_ids', $8, true) AS users),
                answered AS MATERIALIZED (
                    SELECT a.request_digest, a.response FROM tenant CROSS JOIN LATERAL (
                        SELECT k.request_digest, k.response::text AS response FROM idempotency_keys k
                        WHERE tenant.users IS NOT NULL AND k.user_id = $1 AND k.idempotency_key = $7 OFFSET 0) a),
                f AS MATERIALIZED (
                    SELECT u.ord, u.vec, u.memory_key, u.attr, u.everyone
                    FROM tenant, unnest($2::vector[], $3::text[], $4::text[], $9::boolean[])
                         WITH ORDINALITY AS u(vec, memory_key, attr, everyone, ord)
                    WHERE tenant.users IS NOT NULL AND NOT EXISTS (SELECT 1 FROM answered))
                SELECT 0::bigint AS ord, NULL::uuid AS id, NULL::text AS memory, NULL::text AS memory_key,
                       NULL::float8 AS d, NULL::text AS request_digest, NULL::text AS response,
                       coalesce(r.revision, 0) AS revision
                FROM tenant LEFT JOIN LATERAL (
                    SELECT v.revision FROM user_revisions v WHERE tenant.users IS NOT NULL AND v.user_id = $1 OFFSET 0) r ON true
                UNION ALL
                SELECT NULL, NULL, NULL, NULL, NULL, a.request_digest, a.response, NULL
                FROM answered a
                UNION ALL
                SELECT f.ord, n.id, n.memory, n.memory_key, n.d, NULL, NULL, NULL
                FROM f CROSS JOIN LATERAL (
                    (%s)
                    UNION
                    (SELECT %s, m.embedding <=> f.vec AS d FROM memories m
                     WHERE %s AND (m.memory_key = f.memory_key OR m.fact_attribute = f.attr))) n
                ORDER BY ord NULLS FIRST, d
                """.formatted(nearest, CANDIDATE_COLUMNS, LIVE);
    }

    /**
     * A fact whose ranking need cover only memories an older attribute table read ({@code f.everyone} false) ranks
     * those alone, through their index ($10: the current table's version); only one of the two branches runs for a
     * fact, PostgreSQL checking a condition on the fact alone before the branch reads anything.
     */
    private static final String OLDER_READINGS_NEAREST = NearestMemories.exact(CANDIDATE_COLUMNS,
            NEAREST_OF + " AND NOT f.everyone AND m.fact_reading < $10", "f.vec", "$5");

    private static final String CANDIDATES_SQL = candidatesSql("(%s) UNION ALL (%s)".formatted(
            NearestMemories.exact(CANDIDATE_COLUMNS, NEAREST_OF + " AND f.everyone", "f.vec", "$5"),
            OLDER_READINGS_NEAREST));

    private static final String CANDIDATES_THROUGH_CODES_SQL = candidatesSql("""
            (SELECT s.id, s.memory, s.memory_key, s.d
             FROM (SELECT count(*) AS n, greatest($11::int, ceil($12::float8 * count(*))::int) AS cand
                   FROM memories c WHERE c.user_id = $1 AND f.everyone) z
             CROSS JOIN LATERAL (%s) s)
            UNION ALL
            (%s)""".formatted(NearestMemories.throughCodes(CANDIDATE_COLUMNS, NEAREST_OF + " AND f.everyone", "f.vec",
            NearestMemories.code("f.vec", "$6"), "z.n", "z.cand", "$5"), OLDER_READINGS_NEAREST));

    /**
     * What an add decides on: the answer kept under its idempotency key, when there is one (then nothing else was
     * read), or else the memories proposed for each fact, nearest first; and the user's revision they were read at.
     */
    public record Proposals(IdempotencyRecord earlierAnswer, List<List<Candidate>> candidates, long revision) {
    }

    /** The candidates of each fact, for a request without an idempotency key; see {@link #proposals}. */
    public static Mono<List<List<Candidate>>> candidates(Connection c, String userId, List<float[]> vectors,
                                                         List<String> keys, List<String> attributeKeys, int nearest,
                                                         SearchRanking ranking) {
        return proposals(StatementRunner.over(c), userId, vectors, Collections.nCopies(vectors.size(), true), (short) 0, keys,
                attributeKeys, nearest, ranking, null).map(Proposals::candidates);
    }

    /**
     * @param vectors        each fact's vector to rank the user's memories by; null for a fact that needs no nearest
     *                       memories
     * @param rankEveryone   per fact: whether the ranking covers all the user's memories, or only those whose
     *                       attribute a table older than {@code factReading} read (or none did)
     * @param factReading    the current attribute table's version
     * @param nearest        how many memories similarity proposes per fact (0 for facts stored as sent: only their
     *                       exact text can match)
     * @param idempotencyKey the request's key, or null
     */
    public static Mono<Proposals> proposals(StatementRunner runner, String userId, List<float[]> vectors, List<Boolean> rankEveryone,
                                            short factReading, List<String> keys, List<String> attributeKeys,
                                            int nearest, SearchRanking ranking, String idempotencyKey) {
        PortableStatement s = new PortableStatement(ranking.codes() ? CANDIDATES_THROUGH_CODES_SQL : CANDIDATES_SQL,
                ranking.codes() ? 12 : 10)
                .bind(0, userId)
                .bind(1, vectors.stream().map(v -> v == null ? null : Vector.of(v)).toArray(Vector[]::new))
                .bind(2, keys.toArray(String[]::new))
                .bind(3, attributeKeys.toArray(String[]::new))
                .bind(4, nearest)
                .bind(5, ranking.embeddingModel());
        s.bindNullable(6, idempotencyKey, String.class);
        s.bind(7, TenantUsers.setting(List.of(userId)));
        s.bind(8, rankEveryone.toArray(Boolean[]::new)).bind(9, factReading);
        if (ranking.codes()) {
            s.bind(10, ranking.candidates()).bind(11, ranking.candidateShare());
        }
        List<List<Candidate>> perFact = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            perFact.add(new ArrayList<>());
        }
        IdempotencyRecord[] earlier = new IdempotencyRecord[1];
        long[] revision = new long[1];
        return runner.rows(s, row -> {
                    Long ord = row.get("ord", Long.class);
                    if (ord == null) {
                        earlier[0] = new IdempotencyRecord(row.get("request_digest", String.class), row.get("response", String.class));
                        return earlier[0];
                    }
                    if (ord == 0) {
                        revision[0] = row.get("revision", Long.class);
                        return revision;
                    }
                    Candidate candidate = new Candidate(ord.intValue() - 1, row.get("id", UUID.class), row.get("memory", String.class),
                            row.get("memory_key", String.class), similarity(row.get("d", Double.class)));
                    perFact.get(candidate.factIndex()).add(candidate);
                    return candidate;
                })
                .then(Mono.fromSupplier(() -> new Proposals(earlier[0], perFact, revision[0])));
    }

    /** A candidate's cosine similarity; unknown (NaN) when its fact came without a vector. */
    private static double similarity(Double distance) {
        return distance == null ? Double.NaN : 1 - distance;
    }

    /** A live memory that already says a fact word for word (the same normalised text). */
    public record SameText(UUID id, String memory) {
    }

    /**
     * For each fact (by position) whose normalised text ({@code keys}) one of the user's live memories already has,
     * that memory: an add needs no vector for such a fact (the memory decides it, NOOP). One statement that names
     * its user itself, so it runs before the model, outside the add's transaction, which checks again.
     */
    public static Mono<Map<Integer, SameText>> alreadyStated(StatementRunner runner, String userId, List<String> keys) {
        Map<Integer, SameText> stated = new HashMap<>();
        return runner.rows(new PortableStatement("""
                        WITH tenant AS MATERIALIZED (SELECT set_config('memory.user_ids', $1, true) AS users)
                        SELECT k.ord, k.id, k.memory FROM tenant CROSS JOIN LATERAL (
                            SELECT u.ord, m.id, m.memory FROM unnest($3::text[]) WITH ORDINALITY AS u(memory_key, ord)
                            JOIN memories m ON m.user_id = $2 AND m.memory_key = u.memory_key
                            WHERE tenant.users IS NOT NULL AND %s OFFSET 0) k""".formatted(Rows.NOT_EXPIRED), 3)
                        .bind(0, TenantUsers.setting(List.of(userId))).bind(1, userId)
                        .bind(2, keys.toArray(String[]::new)),
                        row -> {
                            SameText memory = new SameText(row.get("id", UUID.class), row.get("memory", String.class));
                            stated.put(row.get("ord", Long.class).intValue() - 1, memory);
                            return memory;
                        })
                .then(Mono.fromSupplier(() -> stated));
    }

    /** How many memories a {@link #write} inserted and updated. */
    public record Written(long added, long updated) {
    }

    /** A memory replaced by a new version of its fact ({@code next}, with the memory's id), and the text it had. */
    public record Replacement(NewMemory next, String previousText) {
    }

    /**
     * Everything an add's decisions write, in one statement (one round trip): the new memories, the replaced ones,
     * a history row for each, and the answer kept for the request's idempotency key (when it has one). All of them
     * carry the request's metadata, categories, session, expiry, model and time (those of the first memory). The
     * function (migrations V9, V10) says what each memory's columns become.
     */
    private static final String WRITE_SQL = """
            SELECT claimed, added, updated FROM memory_write_decisions($1, $2, $3, $4::jsonb, $5::text[], $6, $7, $8, $9,
                $10::uuid[], $11::text[], $12::text[], $13::vector[], $14::text[], $15::text[], $16::text[],
                $17::uuid[], $18::text[], $19::text[], $20::vector[], $21::text[], $22::text[], $23::text[], $24::text[],
                $25, $26, $27::jsonb, $28::smallint)""";

    /**
     * Writes as the user's one writer: inside a transaction that holds the user's writer lock since before its
     * decisions were read.
     *
     * @param idempotencyKey the request's key, or null; then {@code answer} is null too
     * @param factReading    the version of the attribute table that read the memories' attributes
     * @param answer         the answer to keep under the key, with the request's digest
     * @return how many memories were inserted and updated
     */
    public static Mono<Written> write(Connection c, String userId, List<NewMemory> added, List<Replacement> replaced,
                                      String idempotencyKey, IdempotencyRecord answer, short factReading) {
        return write(StatementRunner.over(c), userId, null, added, replaced, idempotencyKey, answer, factReading).single();
    }

    /**
     * Writes in a statement of its own (its own transaction), only if the user's memories are still at
     * {@code revision}, the revision the decisions were read at, and nothing is kept under the idempotency key yet:
     * checked under the user's writer lock. Empty, having written nothing, when they have changed.
     */
    public static Mono<Written> writeIfUnchanged(StatementRunner runner, String userId, long revision, List<NewMemory> added,
                                                 List<Replacement> replaced, String idempotencyKey, IdempotencyRecord answer,
                                                 short factReading) {
        return write(runner, userId, revision, added, replaced, idempotencyKey, answer, factReading);
    }

    private static Mono<Written> write(StatementRunner runner, String userId, Long revision, List<NewMemory> added,
                                       List<Replacement> replaced, String idempotencyKey, IdempotencyRecord answer,
                                       short factReading) {
        NewMemory first = !added.isEmpty() ? added.get(0) : !replaced.isEmpty() ? replaced.get(0).next() : null;
        List<NewMemory> next = replaced.stream().map(Replacement::next).toList();
        PortableStatement s = new PortableStatement(WRITE_SQL, 28).bind(0, TenantUsers.setting(List.of(userId))).bind(1, userId);
        s.bindNullable(2, revision, Long.class);
        s.bindNullable(3, first == null ? null : first.metadataJson(), String.class);
        s.bind(4, first == null ? new String[0] : first.categories().toArray(String[]::new));
        s.bindNullable(5, first == null ? null : first.sessionId(), String.class);
        s.bindNullable(6, first == null ? null : first.expiresAt(), Instant.class);
        s.bindNullable(7, first == null ? null : first.embeddingModel(), String.class);
        s.bindNullable(8, first == null ? null : first.observedAt(), Instant.class);
        bindMemories(s, 9, added);
        bindMemories(s, 16, next);
        s.bind(23, replaced.stream().map(Replacement::previousText).toArray(String[]::new));
        s.bindNullable(24, idempotencyKey, String.class);
        s.bindNullable(25, answer == null ? null : answer.requestDigest(), String.class);
        s.bindNullable(26, answer == null ? null : answer.responseJson(), String.class);
        s.bind(27, factReading);
        return runner.rows(s, row -> Boolean.TRUE.equals(row.get("claimed", Boolean.class))
                        ? Optional.of(new Written(row.get("added", Long.class), row.get("updated", Long.class)))
                        : Optional.<Written>empty())
                .single()
                .flatMap(Mono::justOrEmpty);
    }

    /** Binds the per-memory arrays, from {@code index} on: id, text, key, vector, attribute, dates, source words. */
    private static void bindMemories(PortableStatement s, int index, List<NewMemory> memories) {
        s.bind(index, memories.stream().map(NewMemory::id).toArray(UUID[]::new))
                .bind(index + 1, memories.stream().map(NewMemory::text).toArray(String[]::new))
                .bind(index + 2, memories.stream().map(NewMemory::key).toArray(String[]::new))
                .bind(index + 3, memories.stream().map(m -> Vector.of(m.embedding())).toArray(Vector[]::new))
                .bind(index + 4, memories.stream().map(NewMemory::attributeKey).toArray(String[]::new))
                .bind(index + 5, memories.stream().map(NewMemory::mentionedDatesJson).toArray(String[]::new))
                .bind(index + 6, memories.stream().map(NewMemory::sourceText).toArray(String[]::new));
    }
}

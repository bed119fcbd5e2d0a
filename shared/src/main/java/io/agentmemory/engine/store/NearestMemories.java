package io.agentmemory.engine.store;

/**
 * The SQL of a user's memories nearest to a vector by cosine distance {@code d}, exactly or through the binary
 * codes: what a semantic search ranks and what an add's nearest-memory check (ADD / UPDATE / NOOP) reads. Each
 * piece is an SQL expression of the enclosing statement; {@code conditions} select the user's live memories as
 * alias {@code m}, and {@code columns} are read from {@code m}.
 */
final class NearestMemories {

    private NearestMemories() {
    }

    /**
     * A query vector's binary code, made as the memories' generated {@code embedding_code} is (migration V7): the
     * sign bits of the vector less the centre of {@code model} (a text expression), so the Hamming distances compare
     * like with like.
     */
    static String code(String vector, String model) {
        return "binary_quantize(embedding_centred(%s, %s::text))".formatted(vector, model);
    }

    /** Every one of the user's memories ranked by its vector. */
    static String exact(String columns, String conditions, String vector, String limit) {
        return "SELECT %s, m.embedding <=> %s AS d FROM memories m WHERE %s ORDER BY d LIMIT %s"
                .formatted(columns, vector, conditions, limit);
    }

    /**
     * Candidates by Hamming distance from the code index alone, ranked by their vectors; a user with no more
     * memories ({@code count}) than {@code candidates} is ranked exactly instead. Only one branch runs: PostgreSQL
     * evaluates a condition on outer values alone once per row of the enclosing statement, before the branch
     * reads anything.
     */
    static String throughCodes(String columns, String conditions, String vector, String code, String count,
                               String candidates, String limit) {
        return """
                (%s)
                UNION ALL
                (SELECT %s, m.embedding <=> %s AS d
                 FROM (SELECT m.id FROM memories m WHERE %s AND %s > %s
                       ORDER BY m.embedding_code <~> %s LIMIT %s) k
                 JOIN memories m ON m.id = k.id
                 ORDER BY d LIMIT %s)""".formatted(
                exact(columns, conditions + " AND " + count + " <= " + candidates, vector, limit),
                columns, vector, conditions, count, candidates, code, candidates, limit);
    }
}

package io.agentmemory.engine.store;

/**
 * How searches rank.
 *
 * <p>Keyword and hybrid: the PostgreSQL text search configuration (the one the generated {@code content_tsv}
 * column was built with), how many candidates of each ranking hybrid fuses at least, and the reciprocal rank
 * fusion constant k.
 *
 * <p>Semantic ranking (and hybrid's semantic half) takes its candidates from the binary codes, then ranks them by
 * exact cosine distance: per search, {@code max(candidates, 10 x limit, ceil(candidateShare x the user's
 * memories))} of them. The share keeps recall for large users: a fixed number of candidates covers less of a
 * larger user's memories. A share of 1 ranks every memory exactly, without the codes.
 */
public record SearchRanking(String textSearchConfig, int fusionDepth, int fusionK, int candidates, double candidateShare) {

    /** Candidates per result asked for, at least: the codes order a result's close neighbours loosely. */
    public static final int CANDIDATES_PER_RESULT = 10;

    public SearchRanking {
        if (candidates < 1) {
            throw new IllegalArgumentException("search candidates must be at least 1, got " + candidates);
        }
        if (!(candidateShare > 0 && candidateShare <= 1)) {
            throw new IllegalArgumentException("search candidate share must be above 0 and at most 1, got " + candidateShare);
        }
    }

    /** Exact ranking of every memory, as before the codes: for tests and deployments that want it. */
    public static SearchRanking exact(String textSearchConfig, int fusionDepth, int fusionK) {
        return new SearchRanking(textSearchConfig, fusionDepth, fusionK, 1, 1.0);
    }

    /** Whether semantic ranking takes its candidates from the binary codes. */
    public boolean usesCodes() {
        return candidateShare < 1;
    }
}

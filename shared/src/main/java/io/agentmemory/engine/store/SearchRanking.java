package io.agentmemory.engine.store;

import io.agentmemory.engine.config.SearchSettings;

/**
 * How searches rank.
 *
 * <p>Keyword and hybrid: the PostgreSQL text search configuration (the one the generated {@code content_tsv}
 * column was built with), how many candidates of each ranking hybrid fuses at least, and the reciprocal rank
 * fusion constant k.
 *
 * <p>Semantic ranking (and hybrid's semantic half) is exact over the user's memories by default. With
 * {@code codes}, it takes its candidates from the memories' binary codes and ranks those by exact cosine
 * distance: per search, {@code max(candidates, 10 x limit, ceil(candidateShare x the user's memories))} of them.
 * The share keeps recall for large users, where a fixed number of candidates covers less and less of the user's
 * memories; a user with no more memories than that is ranked exactly (every memory would be a candidate).
 * The codes pay for large users only: the statement takes longer to plan, and fetching each candidate by id
 * costs about what reading all of a small user's rows does.
 */
public record SearchRanking(String textSearchConfig, int fusionDepth, int fusionK, boolean codes, int candidates,
                            double candidateShare) {

    /** Candidates per result asked for, at least: the codes order a result's close neighbours loosely. */
    public static final int CANDIDATES_PER_RESULT = 10;

    public SearchRanking {
        if (candidates < 1) {
            throw new IllegalArgumentException("SEARCH_CANDIDATES must be at least 1, got " + candidates);
        }
        if (!(candidateShare > 0 && candidateShare <= 1)) {
            throw new IllegalArgumentException("SEARCH_CANDIDATE_SHARE must be above 0 and at most 1, got " + candidateShare);
        }
    }

    /** The ranking the settings ask for. */
    public static SearchRanking of(SearchSettings settings) {
        return settings.throughCodes()
                ? throughCodes(settings.textSearchConfig(), settings.fusionDepth(), settings.fusionK(),
                settings.candidates(), settings.candidateShare())
                : exact(settings.textSearchConfig(), settings.fusionDepth(), settings.fusionK());
    }

    /** Exact semantic ranking, the default (the candidate settings are unused; they keep their defaults). */
    public static SearchRanking exact(String textSearchConfig, int fusionDepth, int fusionK) {
        return new SearchRanking(textSearchConfig, fusionDepth, fusionK, false, SearchSettings.DEFAULT_CANDIDATES,
                SearchSettings.DEFAULT_CANDIDATE_SHARE);
    }

    /** Semantic candidates from the binary codes, then an exact ranking of them. */
    public static SearchRanking throughCodes(String textSearchConfig, int fusionDepth, int fusionK, int candidates,
                                             double candidateShare) {
        return new SearchRanking(textSearchConfig, fusionDepth, fusionK, true, candidates, candidateShare);
    }
}

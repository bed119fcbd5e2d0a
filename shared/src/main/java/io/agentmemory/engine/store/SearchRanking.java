package io.agentmemory.engine.store;

import io.agentmemory.engine.config.SearchSettings;
import io.agentmemory.engine.embedding.CosineScale;

/**
 * How searches rank.
 *
 * <p>Keyword and hybrid: the PostgreSQL text search configuration (the one the generated {@code content_tsv}
 * column was built with), how many candidates of each ranking hybrid fuses at least, and the weight of the semantic
 * ranking in the fused score. Semantic: the model whose vectors it reads (never another's) and its cosine scale.
 *
 * <p>Semantic ranking (and hybrid's semantic half) is exact over the user's memories by default. With
 * {@code codes}, it takes its candidates from the memories' binary codes and ranks those by exact cosine
 * distance: per search, {@code max(candidates, 10 x limit, ceil(candidateShare x the user's memories))} of them.
 * The share keeps recall for large users, where a fixed number of candidates covers less and less of the user's
 * memories; a user with no more memories than that is ranked exactly (every memory would be a candidate).
 * The codes pay for large users only: the statement takes longer to plan, and fetching each candidate by id
 * costs about what reading all of a small user's rows does.
 */
public record SearchRanking(String textSearchConfig, int fusionDepth, double semanticWeight, boolean codes, int candidates,
                            double candidateShare, String embeddingModel, CosineScale scale) {

    /** Candidates per result asked for, at least: the codes order a result's close neighbours loosely. */
    public static final int CANDIDATES_PER_RESULT = 10;

    public SearchRanking {
        if (!(semanticWeight >= 0 && semanticWeight <= 1)) {
            throw new IllegalArgumentException("HYBRID_SEMANTIC_WEIGHT must be between 0 and 1, got " + semanticWeight);
        }
        if (fusionDepth < 1) {
            throw new IllegalArgumentException("HYBRID_CANDIDATES must be at least 1, got " + fusionDepth);
        }
        if (candidates < 1) {
            throw new IllegalArgumentException("SEARCH_CANDIDATES must be at least 1, got " + candidates);
        }
        if (!(candidateShare > 0 && candidateShare <= 1)) {
            throw new IllegalArgumentException("SEARCH_CANDIDATE_SHARE must be above 0 and at most 1, got " + candidateShare);
        }
    }

    /** The ranking the settings ask for, over the vectors of {@code model} on its scale. */
    public static SearchRanking of(SearchSettings settings, String model, CosineScale scale) {
        return new SearchRanking(settings.textSearchConfig(), settings.fusionDepth(), settings.semanticWeight(),
                settings.throughCodes(), settings.candidates(), settings.candidateShare(), model, scale);
    }

    /** Exact semantic ranking, the default, with the default search settings otherwise. */
    public static SearchRanking exact(String model, CosineScale scale) {
        return of(SearchSettings.defaults(), model, scale);
    }

    /** Semantic candidates from the binary codes, then an exact ranking of them. */
    public static SearchRanking throughCodes(String model, CosineScale scale, int candidates, double candidateShare) {
        SearchSettings defaults = SearchSettings.defaults();
        return new SearchRanking(defaults.textSearchConfig(), defaults.fusionDepth(), defaults.semanticWeight(), true,
                candidates, candidateShare, model, scale);
    }
}

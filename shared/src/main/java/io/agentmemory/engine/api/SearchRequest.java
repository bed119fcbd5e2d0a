package io.agentmemory.engine.api;

/**
 * A semantic search over one user's memories.
 *
 * @param limit     how many hits at most (1-100)
 * @param threshold keep hits whose score (cosine similarity, 0-1, higher is better) is at least this
 */
public record SearchRequest(String userId, String query, int limit, double threshold, SearchFilters filters) {

    public static final int DEFAULT_LIMIT = 10;

    public SearchRequest {
        filters = filters == null ? SearchFilters.NONE : filters;
    }

    public static SearchRequest of(String userId, String query) {
        return new SearchRequest(userId, query, DEFAULT_LIMIT, 0.0, SearchFilters.NONE);
    }

    public SearchRequest withLimit(int value) {
        return new SearchRequest(userId, query, value, threshold, filters);
    }

    public SearchRequest withThreshold(double value) {
        return new SearchRequest(userId, query, limit, value, filters);
    }

    public SearchRequest withFilters(SearchFilters value) {
        return new SearchRequest(userId, query, limit, threshold, value);
    }
}

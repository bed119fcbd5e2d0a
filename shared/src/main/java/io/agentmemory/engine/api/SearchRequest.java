package io.agentmemory.engine.api;

/**
 * A search over one user's memories.
 *
 * @param limit     how many hits at most (1-100)
 * @param threshold keep hits whose score (0-1, higher is better; see {@link SearchMode}) is at least this
 * @param mode      how to rank; hybrid by default
 */
public record SearchRequest(String userId, String query, int limit, double threshold, SearchFilters filters,
                            SearchMode mode) {

    public static final int DEFAULT_LIMIT = 10;

    public SearchRequest {
        filters = filters == null ? SearchFilters.NONE : filters;
        mode = mode == null ? SearchMode.HYBRID : mode;
    }

    public static SearchRequest of(String userId, String query) {
        return new SearchRequest(userId, query, DEFAULT_LIMIT, 0.0, SearchFilters.NONE, SearchMode.HYBRID);
    }

    public SearchRequest withLimit(int value) {
        return new SearchRequest(userId, query, value, threshold, filters, mode);
    }

    public SearchRequest withThreshold(double value) {
        return new SearchRequest(userId, query, limit, value, filters, mode);
    }

    public SearchRequest withFilters(SearchFilters value) {
        return new SearchRequest(userId, query, limit, threshold, value, mode);
    }

    public SearchRequest withMode(SearchMode value) {
        return new SearchRequest(userId, query, limit, threshold, filters, value);
    }
}

package io.agentmemory.functions.routes;

import io.agentmemory.engine.api.SearchRequest;

/** Fills the documented defaults (limit 10, no threshold) into a search as a client sent it. */
final class SearchRequests {

    private SearchRequests() {
    }

    static SearchRequest of(String userId, String query, Integer limit, Double threshold,
                            io.agentmemory.engine.api.SearchFilters filters) {
        SearchRequest request = SearchRequest.of(userId, query);
        if (limit != null) {
            request = request.withLimit(limit);
        }
        if (threshold != null) {
            request = request.withThreshold(threshold);
        }
        return filters == null ? request : request.withFilters(filters);
    }
}

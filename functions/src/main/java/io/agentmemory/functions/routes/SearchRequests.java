package io.agentmemory.functions.routes;

import io.agentmemory.engine.api.SearchRequest;

/** Fills the documented defaults (limit 10, no threshold, semantic) into a search as a client sent it. */
final class SearchRequests {

    private SearchRequests() {
    }

    static SearchRequest of(String userId, String query, Integer limit, Double threshold,
                            io.agentmemory.engine.api.SearchFilters filters, io.agentmemory.engine.api.SearchMode mode) {
        SearchRequest request = SearchRequest.of(userId, query).withMode(mode);
        if (limit != null) {
            request = request.withLimit(limit);
        }
        if (threshold != null) {
            request = request.withThreshold(threshold);
        }
        return filters == null ? request : request.withFilters(filters);
    }
}

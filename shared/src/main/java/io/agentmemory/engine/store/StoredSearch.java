package io.agentmemory.engine.store;

import io.agentmemory.engine.api.SearchFilters;
import io.agentmemory.engine.api.SearchMode;

/** One search as the batch statement takes it; {@code embedding} is null for a keyword search. */
public record StoredSearch(String userId, String query, float[] embedding, int limit, double threshold,
                           SearchFilters filters, SearchMode mode) {
}

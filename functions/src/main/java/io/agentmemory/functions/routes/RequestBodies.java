package io.agentmemory.functions.routes;

import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchFilters;
import io.agentmemory.engine.api.SearchMode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON bodies the HTTP API accepts, field for field as documented in the README. */
final class RequestBodies {

    private RequestBodies() {
    }

    record AddMemories(List<Message> messages, String sessionId, Map<String, Object> metadata,
                       List<String> categories, Boolean infer, Instant expiresAt, Instant observedAt) {
    }

    record SearchMemories(String query, Integer limit, Double threshold, SearchFilters filters, SearchMode mode) {
    }

    record BatchSearch(List<BatchSearchItem> searches) {
    }

    record BatchSearchItem(String userId, String query, Integer limit, Double threshold, SearchFilters filters,
                           SearchMode mode) {
    }

    record UpdateMemory(String memory, Map<String, Object> metadata, List<String> categories) {
    }
}

package io.agentmemory.engine.api;

import java.util.List;
import java.util.Map;

/**
 * Narrows a search. {@code categories}: the memory has at least one of them; {@code sessionId}: equal;
 * {@code metadata}: every given key has the given value (JSON containment); {@code observedFrom} (inclusive) and
 * {@code observedTo} (exclusive): when the conversation the memory comes from happened.
 */
public record SearchFilters(List<String> categories, String sessionId, Map<String, Object> metadata,
                            java.time.Instant observedFrom, java.time.Instant observedTo) {

    public static final SearchFilters NONE = new SearchFilters(List.of(), null, Map.of());

    public SearchFilters(List<String> categories, String sessionId, Map<String, Object> metadata) {
        this(categories, sessionId, metadata, null, null);
    }

    /** Memories observed from {@code from} (inclusive) until {@code to} (exclusive); either may be null (open). */
    public static SearchFilters observedBetween(java.time.Instant from, java.time.Instant to) {
        return new SearchFilters(List.of(), null, Map.of(), from, to);
    }

    public SearchFilters {
        categories = categories == null ? List.of() : List.copyOf(categories);
        metadata = metadata == null ? Map.of() : metadata;
    }

    public boolean isEmpty() {
        return categories.isEmpty() && sessionId == null && metadata.isEmpty() && observedFrom == null && observedTo == null;
    }
}

package io.agentmemory.engine.api;

import java.util.List;
import java.util.Map;

/**
 * Narrows a search. {@code categories}: the memory has at least one of them; {@code sessionId}: equal;
 * {@code metadata}: every given key has the given value (JSON containment).
 */
public record SearchFilters(List<String> categories, String sessionId, Map<String, Object> metadata) {

    public static final SearchFilters NONE = new SearchFilters(List.of(), null, Map.of());

    public SearchFilters {
        categories = categories == null ? List.of() : List.copyOf(categories);
        metadata = metadata == null ? Map.of() : metadata;
    }

    public boolean isEmpty() {
        return categories.isEmpty() && sessionId == null && metadata.isEmpty();
    }
}

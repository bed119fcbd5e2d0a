package io.agentmemory.engine.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * @param score            cosine similarity clamped to [0, 1]; higher is better
 * @param hasLocation      the memory names a place (see the README's context rules)
 * @param hasBudget        the memory states an amount of money or talks about budget
 * @param hasAccommodation the memory is about where to stay
 */
public record SearchHit(
        UUID id,
        String memory,
        double score,
        Map<String, Object> metadata,
        List<String> categories,
        Instant createdAt,
        Instant updatedAt,
        boolean hasLocation,
        boolean hasBudget,
        boolean hasAccommodation) {
}

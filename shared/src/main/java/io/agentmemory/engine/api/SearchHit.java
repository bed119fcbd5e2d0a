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
 * @param observedAt       when the conversation the memory comes from happened
 * @param dates            the relative dates its text names, resolved against {@code observedAt}:
 *                         {@code {"phrase","date"}} or {@code {"phrase","from","to"}}
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
        boolean hasAccommodation,
        Instant observedAt,
        List<Map<String, String>> dates) {
}

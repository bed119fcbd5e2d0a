package io.agentmemory.engine.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** @param score cosine similarity clamped to [0, 1]; higher is better */
public record SearchHit(
        UUID id,
        String memory,
        double score,
        Map<String, Object> metadata,
        List<String> categories,
        Instant createdAt,
        Instant updatedAt) {
}

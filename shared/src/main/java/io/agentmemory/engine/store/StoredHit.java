package io.agentmemory.engine.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One memory a search found, as stored, with its score. */
public record StoredHit(UUID id, String memory, double score, Map<String, Object> metadata, List<String> categories,
                        Instant createdAt, Instant updatedAt, Instant observedAt, List<Map<String, String>> dates) {
}

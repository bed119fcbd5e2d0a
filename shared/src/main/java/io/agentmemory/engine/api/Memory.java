package io.agentmemory.engine.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A stored memory as users list, read and update it. */
public record Memory(
        UUID id,
        String userId,
        String memory,
        Map<String, Object> metadata,
        List<String> categories,
        String sessionId,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt) {
}

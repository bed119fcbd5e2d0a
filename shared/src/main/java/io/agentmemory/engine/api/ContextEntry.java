package io.agentmemory.engine.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A memory as the user context lists it. */
public record ContextEntry(UUID id, String memory, List<String> categories, Instant createdAt) {
}

package io.agentmemory.engine.api;

import java.util.UUID;

/** The decision taken for one extracted fact. {@code previousMemory} is set for updates only. */
public record FactResult(UUID id, String memory, MemoryEvent event, String previousMemory) {
}

package io.agentmemory.engine.api;

import java.time.Instant;
import java.util.UUID;

/** One change to a memory, oldest first in a history. */
public record HistoryEntry(long id, UUID memoryId, MemoryEvent event, String previousMemory, String newMemory,
                           Instant createdAt) {
}

package io.agentmemory.engine.api;

/** What erasing a user removed, so that the erasure can be shown. */
public record DeletionReport(String userId, long memories, long historyRows, long idempotencyKeys,
                             long cacheEntries) {
}

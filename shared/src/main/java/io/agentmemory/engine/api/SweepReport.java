package io.agentmemory.engine.api;

/** What the scheduled sweep removed. */
public record SweepReport(long expiredMemories, long expiredIdempotencyKeys, long staleCacheEntries) {
}

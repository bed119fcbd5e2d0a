package io.agentmemory.bench.systems;

import java.util.List;

/**
 * @param memoryIds the hits' ids, best first (the same ids in every system: all start from the seeded rows)
 * @param cached    whether a cache answered (only the service has one)
 */
public record SearchAnswer(List<String> memoryIds, boolean cached) {
}

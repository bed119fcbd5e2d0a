package io.agentmemory.engine.store;

import java.util.UUID;

/** The nearest existing memory of the user for one new fact (by its position in the request). */
public record StoredMatch(int factIndex, UUID id, String memory, String memoryKey, double similarity) {
}

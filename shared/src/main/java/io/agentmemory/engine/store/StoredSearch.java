package io.agentmemory.engine.store;

/** One search as the batch statement takes it; {@code filtersJson} holds categories/sessionId/metadata. */
public record StoredSearch(String userId, float[] embedding, int limit, double threshold, String filtersJson) {
}

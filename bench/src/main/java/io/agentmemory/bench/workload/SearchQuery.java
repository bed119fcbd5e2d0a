package io.agentmemory.bench.workload;

/** One semantic search: a user's memories, a question about them, the top {@code limit} hits wanted. */
public record SearchQuery(String userId, String query, int limit) {
}

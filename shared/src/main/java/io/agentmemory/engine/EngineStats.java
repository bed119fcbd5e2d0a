package io.agentmemory.engine;

/** What an engine holds right now: for tests, logs and the benchmark. */
public record EngineStats(int databaseConnectionsOpened, boolean databasePoolOpen, boolean cacheConnected,
                          String cacheBreakerState) {
}

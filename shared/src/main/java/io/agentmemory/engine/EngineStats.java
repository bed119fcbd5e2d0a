package io.agentmemory.engine;

/**
 * What an engine holds right now: for tests, logs and the benchmark.
 *
 * @param databaseConnectionsOpened   connections the pool has opened
 * @param callerThreadConnectionsOpened connections the caller's-thread work has opened (0 where they are off)
 * @param callerThreadRuns            pieces of work (a revision read, an add's reads, its decisions' write) served on
 *                                    the caller's thread
 */
public record EngineStats(int databaseConnectionsOpened, boolean databasePoolOpen, long callerThreadConnectionsOpened,
                          boolean callerThreadConnectionOpen, long callerThreadRuns, boolean cacheConnected,
                          String cacheBreakerState) {
}

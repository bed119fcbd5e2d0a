package io.agentmemory.engine;

/**
 * What an engine holds right now: for tests, logs and the benchmark.
 *
 * @param databaseConnectionsOpened   connections the pool has opened
 * @param callerThreadConnectionsOpened connections the caller's-thread reads have opened (0 where they are off)
 * @param callerThreadReads           revision reads served on the caller's thread
 */
public record EngineStats(int databaseConnectionsOpened, boolean databasePoolOpen, long callerThreadConnectionsOpened,
                          long callerThreadReads, boolean cacheConnected, String cacheBreakerState) {
}

package io.agentmemory.bench.report;

/**
 * Figures for one operation of one system. Latencies in milliseconds.
 *
 * @param opsPerSecond this operation's completions over the run's wall time (its share of the throughput)
 * @param cacheHitRate searches the cache answered, of all searches this operation made; null without a cache lookup
 */
public record OperationStats(String label, int count, int errors, double opsPerSecond,
                             double p50, double p95, double p99, double mean, Double cacheHitRate) {
}

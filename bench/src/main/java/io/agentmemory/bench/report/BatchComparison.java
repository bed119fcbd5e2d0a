package io.agentmemory.bench.report;

/**
 * The same kind of work done two ways through the service's handlers: 100 single searches one after another,
 * and one batch of 100 searches; every search a cache miss with a query text not seen before.
 */
public record BatchComparison(double singlesMillis, double batchMillis, double workloadMixSpeedup) {

    public double speedup() {
        return batchMillis == 0 ? 0 : singlesMillis / batchMillis;
    }
}

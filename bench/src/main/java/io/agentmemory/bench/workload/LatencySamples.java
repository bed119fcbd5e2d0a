package io.agentmemory.bench.workload;

import io.agentmemory.bench.report.OperationStats;
import io.agentmemory.bench.report.Percentile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Latencies of one system's run, by operation label; thread-safe, since every worker records into it. */
public final class LatencySamples {

    private static final int ERROR_SAMPLES_KEPT = 5;

    private final Map<String, List<Long>> nanosByLabel = new LinkedHashMap<>();
    private final Map<String, long[]> cacheByLabel = new LinkedHashMap<>();
    private final Map<String, Integer> errorsByLabel = new LinkedHashMap<>();
    private final List<String> errorSamples = new ArrayList<>();

    public synchronized void record(String label, long nanos, int cacheHits, int cacheLookups) {
        nanosByLabel.computeIfAbsent(label, l -> new ArrayList<>()).add(nanos);
        long[] cache = cacheByLabel.computeIfAbsent(label, l -> new long[2]);
        cache[0] += cacheHits;
        cache[1] += cacheLookups;
    }

    public synchronized void recordError(String label, Exception error) {
        errorsByLabel.merge(label, 1, Integer::sum);
        if (errorSamples.size() < ERROR_SAMPLES_KEPT) {
            errorSamples.add(label + ": " + error);
        }
    }

    public synchronized List<String> errorSamples() {
        return List.copyOf(errorSamples);
    }

    /** Operations done or failed, each single or batch search counted once. */
    public synchronized int operations() {
        int done = 0;
        for (Map.Entry<String, List<Long>> entry : nanosByLabel.entrySet()) {
            if (!entry.getKey().equals(WorkloadRunner.SEARCH_CACHE_HIT) && !entry.getKey().equals(WorkloadRunner.SEARCH_CACHE_MISS)) {
                done += entry.getValue().size();
            }
        }
        return done + errors();
    }

    public synchronized int errors() {
        return errorsByLabel.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Per-label figures; ops/s is the label's operations over the whole run's wall time. */
    public synchronized List<OperationStats> summarize(double wallSeconds) {
        List<OperationStats> stats = new ArrayList<>();
        for (Map.Entry<String, List<Long>> entry : nanosByLabel.entrySet()) {
            double[] sorted = entry.getValue().stream().mapToDouble(Long::doubleValue).sorted().toArray();
            long[] cache = cacheByLabel.get(entry.getKey());
            stats.add(new OperationStats(entry.getKey(), sorted.length, errorsByLabel.getOrDefault(entry.getKey(), 0),
                    sorted.length / wallSeconds,
                    millis(Percentile.nearestRank(sorted, 50)), millis(Percentile.nearestRank(sorted, 95)),
                    millis(Percentile.nearestRank(sorted, 99)),
                    millis(Arrays.stream(sorted).average().orElse(0)),
                    cache[1] == 0 ? null : (double) cache[0] / cache[1]));
        }
        errorsByLabel.forEach((label, count) -> {
            if (!nanosByLabel.containsKey(label)) {
                stats.add(new OperationStats(label, 0, count, 0, 0, 0, 0, 0, null));
            }
        });
        return stats;
    }

    private static double millis(double nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}

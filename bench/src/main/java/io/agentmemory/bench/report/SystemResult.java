package io.agentmemory.bench.report;

import java.util.List;

/**
 * One system's run of the workload.
 *
 * @param throughput                  operations per second over the run
 * @param searchesPerSecond           searches answered per second, a batch's items counted one by one
 * @param cacheHitRate                of all searches (single and batch items); 0 without a cache
 * @param peakConnections             most database connections the system held at once
 * @param peakConnectionsPerEnvironment most held at once by one execution environment
 * @param connectionsOpened           database sessions opened during the run
 * @param environments                execution environments holding database connections
 * @param recallAt10                  hits shared with an exact ranking of the same table, over its top 10
 * @param batchRecallAt10             the same for searches asked through batch search
 * @param startSeconds                time to open the system's environments (contexts, pools), before any request
 */
public record SystemResult(String system, int workers, int environments, int operations, int errors,
                           double wallSeconds, double throughput, double searchesPerSecond, double cacheHitRate,
                           int peakConnections, int peakConnectionsPerEnvironment, int connectionsOpened,
                           double recallAt10, double batchRecallAt10, double startSeconds, List<OperationStats> operationStats,
                           List<String> errorSamples) {

    public OperationStats operation(String label) {
        return operationStats.stream().filter(s -> s.label().equals(label)).findFirst().orElse(null);
    }
}

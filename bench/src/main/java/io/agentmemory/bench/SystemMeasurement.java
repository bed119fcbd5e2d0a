package io.agentmemory.bench;

import io.agentmemory.bench.report.OperationStats;
import io.agentmemory.bench.report.SystemResult;
import io.agentmemory.bench.systems.MemorySystem;
import io.agentmemory.bench.systems.SystemEnvironment;
import io.agentmemory.bench.workload.ConnectionMonitor;
import io.agentmemory.bench.workload.LatencySamples;
import io.agentmemory.bench.workload.Operation;
import io.agentmemory.bench.workload.OperationKind;
import io.agentmemory.bench.workload.WorkloadRunner;

import java.util.List;

/** One system's open environments and what its turns through the workload have measured so far. */
final class SystemMeasurement {

    private final MemorySystem system;
    private final List<SystemEnvironment> environments;
    private final double startSeconds;
    private final LatencySamples samples = new LatencySamples();
    private double wallSeconds;
    private ConnectionMonitor.Peak peak = ConnectionMonitor.Peak.NONE;
    private long connectionsCounted;

    private SystemMeasurement(MemorySystem system, List<SystemEnvironment> environments, double startSeconds) {
        this.system = system;
        this.environments = environments;
        this.startSeconds = startSeconds;
    }

    /** Restores the system's data, opens its environments and warms them up, then restores the data again. */
    static SystemMeasurement open(MemorySystem system, int environments, List<Operation> warmup) throws Exception {
        system.restoreData();
        long opening = System.nanoTime();
        List<SystemEnvironment> opened = system.openEnvironments(environments);
        double startSeconds = (System.nanoTime() - opening) / 1e9;
        WorkloadRunner.run(opened, warmup, new LatencySamples());
        system.restoreData();
        return new SystemMeasurement(system, opened, startSeconds);
    }

    MemorySystem system() {
        return system;
    }

    List<SystemEnvironment> environments() {
        return environments;
    }

    /** Runs one slice of the workload, adding its latencies, wall time and connections to the figures. */
    void measure(List<Operation> operations, ConnectionMonitor monitor) throws InterruptedException {
        monitor.start(system.connectionNamePrefix());
        long countedBefore = system.connectionsOpened().orElse(0);
        wallSeconds += WorkloadRunner.run(environments, operations, samples);
        peak = peak.max(monitor.stop());
        connectionsCounted += system.connectionsOpened().orElse(0) - countedBefore;
    }

    SystemResult result(double recall, double batchRecall) {
        List<OperationStats> stats = samples.summarize(wallSeconds);
        int searches = 0;
        double hits = 0;
        for (OperationStats s : stats) {
            int perOperation = s.label().equals(OperationKind.BATCH_100.label()) ? 100
                    : s.label().equals(OperationKind.BATCH_10.label()) ? 10
                    : s.label().equals(OperationKind.SEARCH.label()) ? 1 : 0;
            searches += perOperation * s.count();
            hits += s.cacheHitRate() == null ? 0 : s.cacheHitRate() * perOperation * s.count();
        }
        int operations = samples.operations();
        int connectionsOpened = system.connectionsOpened().isPresent() ? (int) connectionsCounted : peak.sessionsSeen();
        return new SystemResult(system.name(), environments.size(), system.environmentsHoldingConnections(environments.size()),
                operations, samples.errors(), round(wallSeconds), round(operations / wallSeconds),
                round(searches / wallSeconds), searches == 0 ? 0 : round(hits / searches), peak.total(),
                peak.perEnvironment(), connectionsOpened, recall, batchRecall, round(startSeconds), stats,
                samples.errorSamples());
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}

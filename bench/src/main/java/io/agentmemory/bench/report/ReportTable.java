package io.agentmemory.bench.report;

import java.io.PrintStream;
import java.util.Locale;

/** The report as a fixed-width text table: per system, per operation, then the targets. */
public final class ReportTable {

    private ReportTable() {
    }

    public static void print(BenchmarkReport report, PrintStream out) {
        out.println();
        out.println("machine: " + report.machine() + ", settings: " + report.settings());
        out.println(String.format(Locale.ROOT, "%-12s %-20s %7s %8s %9s %9s %9s %9s %8s",
                "system", "operation", "count", "ops/s", "p50 ms", "p95 ms", "p99 ms", "mean ms", "cache"));
        out.println("-".repeat(100));
        for (SystemResult system : report.systems()) {
            for (OperationStats op : system.operationStats()) {
                out.println(String.format(Locale.ROOT, "%-12s %-20s %7d %8.1f %9.2f %9.2f %9.2f %9.2f %8s",
                        system.system(), op.label(), op.count(), op.opsPerSecond(), op.p50(), op.p95(), op.p99(), op.mean(),
                        op.cacheHitRate() == null ? "-" : String.format(Locale.ROOT, "%.0f%%", op.cacheHitRate() * 100))
                        + (op.errors() > 0 ? "  errors: " + op.errors() : ""));
            }
            out.println(String.format(Locale.ROOT,
                    "%-12s total %.1f ops/s, %.1f searches/s, cache hit rate %.0f%%, peak DB connections %d "
                            + "(%d per environment, %d environments), %d connections opened, recall@10 %.3f (batch search %.3f), %d errors",
                    system.system(), system.throughput(), system.searchesPerSecond(), system.cacheHitRate() * 100,
                    system.peakConnections(), system.peakConnectionsPerEnvironment(), system.environments(),
                    system.connectionsOpened(), system.recallAt10(), system.batchRecallAt10(), system.errors()));
            out.println("-".repeat(100));
        }
        if (report.coldStart() != null) {
            out.println(String.format(Locale.ROOT, "cold start (process start -> first search response): median %.0f ms of %s",
                    report.coldStart().medianMillis(), report.coldStart().samplesMillis()));
        }
        if (report.artifact() != null) {
            out.println(String.format(Locale.ROOT, "deployment artifact %s: %.1f MB (%.1f MB unzipped, %d files)",
                    report.artifact().path(), report.artifact().bytes() / 1e6, report.artifact().unzippedBytes() / 1e6,
                    report.artifact().entries()));
        } else {
            out.println("deployment artifact: not built (mvn -pl functions -am package)");
        }
        out.println();
        for (TargetResult target : report.targets()) {
            out.println(String.format(Locale.ROOT, "%-5s %-52s %s", target.status() == TargetResult.Status.NOT_MEASURED ? "n/a" : target.status().name(), target.target(), target.measured()));
        }
    }
}

package io.agentmemory.bench.report;

import io.agentmemory.bench.workload.OperationKind;
import io.agentmemory.bench.workload.WorkloadRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The targets, judged on figures from the same run. A target whose figures are missing is a miss. */
public final class Targets {

    private Targets() {
    }

    /**
     * @param batchVersusSingles the service's paired comparison: 100 single searches one after another, then one
     *                           batch of 100 other searches, all of them cache misses; null when not measured
     */
    public static List<TargetResult> evaluate(List<SystemResult> systems, BatchComparison batchVersusSingles) {
        SystemResult service = find(systems, "service");
        SystemResult original = find(systems, "original");
        SystemResult langchain4j = find(systems, "langchain4j");
        List<TargetResult> results = new ArrayList<>();

        if (service != null && original != null) {
            double ratio = service.throughput() / original.throughput();
            results.add(TargetResult.judged("service throughput >= 3x original",
                    f("%.1fx (%.1f vs %.1f ops/s)", ratio, service.throughput(), original.throughput()), ratio >= 3));
        } else {
            results.add(TargetResult.notMeasured("service throughput >= 3x original", "original not run"));
        }

        OperationStats miss = service == null ? null : service.operation(WorkloadRunner.SEARCH_CACHE_MISS);
        OperationStats lc4jSearch = langchain4j == null ? null : langchain4j.operation(OperationKind.SEARCH.label());
        if (miss != null && lc4jSearch != null) {
            double bound = lc4jSearch.p50() / 1.5;
            results.add(TargetResult.judged("cache-miss search p50 <= langchain4j p50 / 1.5",
                    f("%.2f ms vs %.2f ms (bound %.2f ms)", miss.p50(), lc4jSearch.p50(), bound), miss.p50() <= bound));
        } else {
            results.add(TargetResult.notMeasured("cache-miss search p50 <= langchain4j p50 / 1.5", "no cache-miss searches or no langchain4j run"));
        }

        OperationStats hit = service == null ? null : service.operation(WorkloadRunner.SEARCH_CACHE_HIT);
        results.add(hit == null
                ? TargetResult.notMeasured("cache-hit search p50 <= 2 ms through the handler", "no cache hits")
                : TargetResult.judged("cache-hit search p50 <= 2 ms through the handler", f("%.2f ms", hit.p50()), hit.p50() <= 2.0));

        if (batchVersusSingles != null) {
            double ratio = batchVersusSingles.speedup();
            results.add(TargetResult.judged("batch of 100 >= 8x faster than 100 single searches",
                    f("%.1fx (100 singles %.0f ms, one batch %.0f ms, all cache misses)", ratio,
                            batchVersusSingles.singlesMillis(), batchVersusSingles.batchMillis()), ratio >= 8));
        } else {
            results.add(TargetResult.notMeasured("batch of 100 >= 8x faster than 100 single searches", "not measured"));
        }

        OperationStats add = service == null ? null : service.operation(OperationKind.ADD.label());
        results.add(add == null
                ? TargetResult.notMeasured("add of one message with three facts p50 <= 30 ms", "no adds")
                : TargetResult.judged("add of one message with three facts p50 <= 30 ms", f("%.2f ms", add.p50()), add.p50() <= 30));

        results.add(service == null
                ? TargetResult.notMeasured("peak DB connections <= 2 per environment", "service not run")
                : TargetResult.judged("peak DB connections <= 2 per environment",
                f("%d per environment (%d in total over %d environments)", service.peakConnectionsPerEnvironment(),
                        service.peakConnections(), service.environments()),
                service.peakConnectionsPerEnvironment() <= 2 && service.peakConnections() > 0));

        results.add(service == null
                ? TargetResult.notMeasured("recall@10 >= 0.98 (single and batch search)", "service not run")
                : TargetResult.judged("recall@10 >= 0.98 (single and batch search)",
                f("%.3f single, %.3f batch", service.recallAt10(), service.batchRecallAt10()),
                Math.min(service.recallAt10(), service.batchRecallAt10()) >= 0.98));
        return results;
    }

    private static SystemResult find(List<SystemResult> systems, String name) {
        return systems.stream().filter(s -> s.system().equals(name)).findFirst().orElse(null);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

package io.agentmemory.bench.report;

import io.agentmemory.bench.workload.OperationKind;
import io.agentmemory.bench.workload.WorkloadRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The latency issue's targets, each judged on figures of one run: three on the one-at-a-time phase, two on the
 * concurrent workload, and the model's (a cache miss grows by at most the model's own extra cost). A target whose
 * figures are missing is not measured, never passed.
 */
public final class LambdaTargets {

    private static final String SERVICE = "service";
    private static final String LANGCHAIN4J = "langchain4j";

    private LambdaTargets() {
    }

    /** @param concurrent the concurrent workload's results of the same run; null when it did not run */
    public static List<TargetResult> evaluate(List<LambdaLatencyReport.LaneResult> oneAtATime,
                                              LambdaLatencyReport.ModelComparison models, List<SystemResult> concurrent) {
        LambdaLatencyReport.LaneResult service = find(oneAtATime, SERVICE);
        LambdaLatencyReport.LaneResult langchain4j = find(oneAtATime, LANGCHAIN4J);
        OperationStats miss = service == null ? null : service.operation(WorkloadRunner.SEARCH_CACHE_MISS);
        OperationStats hit = service == null ? null : service.operation(WorkloadRunner.SEARCH_CACHE_HIT);
        OperationStats hitElsewhere = service == null ? null : service.operation(LambdaLatencyReport.HIT_FILLED_ELSEWHERE);
        OperationStats add = service == null ? null : service.operation(OperationKind.ADD.label());
        OperationStats peerSearch = langchain4j == null ? null : langchain4j.operation(OperationKind.SEARCH.label());
        OperationStats peerAdd = langchain4j == null ? null : langchain4j.operation(OperationKind.ADD.label());
        OperationStats addNew = service == null ? null : service.operation(LambdaLatencyReport.ADD_NEW_FACTS);
        OperationStats peerAddNew = langchain4j == null ? null : langchain4j.operation(LambdaLatencyReport.ADD_NEW_FACTS);
        List<TargetResult> results = new ArrayList<>();

        String missTarget = "one at a time: cache-miss p50 through the handler <= langchain4j search p50";
        results.add(miss == null || peerSearch == null ? TargetResult.notMeasured(missTarget, "service or langchain4j not run")
                : TargetResult.judged(missTarget, f("%.2f ms vs %.2f ms", miss.p50(), peerSearch.p50()), miss.p50() <= peerSearch.p50()));

        String hitTarget = "one at a time: cache-hit p50 through the handler <= 0.5 ms";
        results.add(hit == null ? TargetResult.notMeasured(hitTarget, "no cache hits")
                : TargetResult.judged(hitTarget, f("%.2f ms", hit.p50()) + (hitElsewhere == null ? ""
                : f(" (asked in the environment that answered it; filled by another environment: %.2f ms)", hitElsewhere.p50())),
                hit.p50() <= 0.5));

        String addTarget = "one at a time: add p50 <= 1.5 x langchain4j add p50";
        results.add(add == null || peerAdd == null ? TargetResult.notMeasured(addTarget, "service or langchain4j not run")
                : TargetResult.judged(addTarget, f("%.2f ms vs %.2f ms (bound %.2f ms)", add.p50(), peerAdd.p50(), 1.5 * peerAdd.p50()),
                add.p50() <= 1.5 * peerAdd.p50()));

        // The same bound where nothing of the add is known already: every fact goes to the model and its nearest check.
        String addNewTarget = "one at a time: add of three new facts p50 <= 1.5 x langchain4j's";
        results.add(addNew == null || peerAddNew == null ? TargetResult.notMeasured(addNewTarget, "service or langchain4j not run")
                : TargetResult.judged(addNewTarget, f("%.2f ms vs %.2f ms (bound %.2f ms)", addNew.p50(), peerAddNew.p50(),
                1.5 * peerAddNew.p50()), addNew.p50() <= 1.5 * peerAddNew.p50()));

        SystemResult loadedService = concurrent == null ? null : findLoaded(concurrent, SERVICE);
        SystemResult loadedPeer = concurrent == null ? null : findLoaded(concurrent, LANGCHAIN4J);
        String why = concurrent == null ? "the concurrent workload did not run (--lambda-only)" : "service or langchain4j not run";
        OperationStats loadedMiss = loadedService == null ? null : loadedService.operation(WorkloadRunner.SEARCH_CACHE_MISS);
        OperationStats loadedPeerSearch = loadedPeer == null ? null : loadedPeer.operation(OperationKind.SEARCH.label());
        String tailTarget = "concurrent workload: cache-miss p95 <= 2 x langchain4j search p95";
        results.add(loadedMiss == null || loadedPeerSearch == null ? TargetResult.notMeasured(tailTarget, why)
                : TargetResult.judged(tailTarget, f("%.2f ms vs %.2f ms (bound %.2f ms)", loadedMiss.p95(), loadedPeerSearch.p95(),
                2 * loadedPeerSearch.p95()), loadedMiss.p95() <= 2 * loadedPeerSearch.p95()));

        String throughputTarget = "concurrent workload: throughput >= 2.5 x langchain4j";
        results.add(loadedService == null || loadedPeer == null ? TargetResult.notMeasured(throughputTarget, why)
                : TargetResult.judged(throughputTarget, f("%.1fx (%.1f vs %.1f ops/s)", loadedService.throughput() / loadedPeer.throughput(),
                loadedService.throughput(), loadedPeer.throughput()), loadedService.throughput() >= 2.5 * loadedPeer.throughput()));

        String modelTarget = "one at a time: cache-miss p50 grows by at most the model's own extra cost";
        results.add(models == null ? TargetResult.notMeasured(modelTarget, "model comparison not run")
                : TargetResult.judged(modelTarget, f("%s over %s: cache miss %+.2f ms, the model alone %+.2f ms per query",
                models.defaultModel().model(), models.comparedModel().model(), models.missGrowthMillis(), models.modelGrowthMillis()),
                models.missGrowthMillis() <= models.modelGrowthMillis()));
        return results;
    }

    private static LambdaLatencyReport.LaneResult find(List<LambdaLatencyReport.LaneResult> lanes, String name) {
        return lanes.stream().filter(l -> l.system().equals(name)).findFirst().orElse(null);
    }

    private static SystemResult findLoaded(List<SystemResult> systems, String name) {
        return systems.stream().filter(s -> s.system().equals(name)).findFirst().orElse(null);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

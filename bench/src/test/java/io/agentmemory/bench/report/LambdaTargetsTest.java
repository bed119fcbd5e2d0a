package io.agentmemory.bench.report;

import io.agentmemory.bench.workload.OperationKind;
import io.agentmemory.bench.workload.WorkloadRunner;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The latency targets judged on figures of one run: each bound where the issue puts it, and a missing figure never passes. */
class LambdaTargetsTest {

    private static OperationStats stats(String label, double p50, double p95) {
        return new OperationStats(label, 300, 0, 100, p50, p95, p95, p50, null);
    }

    private static SystemResult loaded(String system, double throughput, OperationStats search) {
        return new SystemResult(system, 2, 2, 1000, 0, 10, throughput, throughput, 0, 2, 1, 2, 1, 1, 1, List.of(search), List.of());
    }

    private static LambdaLatencyReport.ModelFigures model(String name, double missP50, double embedP50) {
        LambdaLatencyReport.Spread none = new LambdaLatencyReport.Spread(0, 0, 0);
        return new LambdaLatencyReport.ModelFigures(name, "u", new LambdaLatencyReport.Spread(300, missP50, missP50), none,
                new LambdaLatencyReport.Spread(300, embedP50, embedP50));
    }

    @Test
    void eachTargetIsJudgedAgainstItsOwnBoundOnTheSameRunsFigures() {
        List<LambdaLatencyReport.LaneResult> oneAtATime = List.of(
                new LambdaLatencyReport.LaneResult("service", List.of(stats(WorkloadRunner.SEARCH_CACHE_MISS, 5.9, 8),
                        stats(WorkloadRunner.SEARCH_CACHE_HIT, 0.51, 0.7), stats(OperationKind.ADD.label(), 8.0, 12),
                        stats(LambdaLatencyReport.ADD_NEW_FACTS, 9.0, 12)), List.of()),
                new LambdaLatencyReport.LaneResult("langchain4j", List.of(stats(OperationKind.SEARCH.label(), 5.9, 7),
                        stats(OperationKind.ADD.label(), 5.3, 9), stats(LambdaLatencyReport.ADD_NEW_FACTS, 6.0, 9)), List.of()));
        // e5 over MiniLM: the miss grew by 1.9 ms, the model alone by 2.0 ms.
        LambdaLatencyReport.ModelComparison models = new LambdaLatencyReport.ModelComparison(model("e5", 5.9, 3.6),
                model("minilm", 4.0, 1.6), 1.9, 2.0);
        List<SystemResult> concurrent = List.of(
                loaded("service", 150, stats(WorkloadRunner.SEARCH_CACHE_MISS, 14, 14.0)),
                loaded("langchain4j", 60, stats(OperationKind.SEARCH.label(), 6, 7.0)));

        List<TargetResult> targets = LambdaTargets.evaluate(oneAtATime, models, concurrent);

        assertThat(targets).extracting(TargetResult::status).containsExactly(
                TargetResult.Status.PASS,   // 5.9 <= 5.9
                TargetResult.Status.MISS,   // 0.51 > 0.5
                TargetResult.Status.MISS,   // 8.0 > 1.5 x 5.3
                TargetResult.Status.PASS,   // 9.0 <= 1.5 x 6.0
                TargetResult.Status.PASS,   // 14 <= 2 x 7
                TargetResult.Status.PASS,   // 150 >= 2.5 x 60
                TargetResult.Status.PASS);  // 1.9 <= 2.0
    }

    @Test
    void aTargetWhoseFiguresAreMissingIsNotMeasuredNeverPassed() {
        List<LambdaLatencyReport.LaneResult> serviceAlone = List.of(new LambdaLatencyReport.LaneResult("service",
                List.of(stats(WorkloadRunner.SEARCH_CACHE_MISS, 1, 1), stats(WorkloadRunner.SEARCH_CACHE_HIT, 0.1, 0.1)), List.of()));

        List<TargetResult> targets = LambdaTargets.evaluate(serviceAlone, null, null);

        assertThat(targets).extracting(TargetResult::status).containsExactly(
                TargetResult.Status.NOT_MEASURED, TargetResult.Status.PASS, TargetResult.Status.NOT_MEASURED,
                TargetResult.Status.NOT_MEASURED, TargetResult.Status.NOT_MEASURED, TargetResult.Status.NOT_MEASURED,
                TargetResult.Status.NOT_MEASURED);
        assertThat(targets.get(4).measured()).contains("--lambda-only");
    }
}

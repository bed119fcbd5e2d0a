package io.agentmemory.bench.lambda;

import io.agentmemory.bench.report.LambdaLatencyReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a system called in process spent a request's time: in its model, timed around its calls of it
 * ({@link io.agentmemory.bench.systems.ClockedEmbeddingModel}), and everything else (its store, its driver, its glue).
 * Beside the service's stages, it tells whether a difference in a request's time lies in the model or around it.
 */
final class PeerModelTime {

    /** One request: its whole time and its time in the model. */
    record Timed(double wholeMillis, double modelMillis) {
    }

    private PeerModelTime() {
    }

    static LambdaLatencyReport.StageSplit split(String system, String operation, List<Timed> requests) {
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        int modelRuns = 0;
        for (Timed request : requests) {
            figures.computeIfAbsent("wholeMs", k -> new ArrayList<>()).add(request.wholeMillis());
            figures.computeIfAbsent("modelMs", k -> new ArrayList<>()).add(request.modelMillis());
            figures.computeIfAbsent("outsideModelMs", k -> new ArrayList<>()).add(request.wholeMillis() - request.modelMillis());
            modelRuns += request.modelMillis() > 0 ? 1 : 0;
        }
        Map<String, LambdaLatencyReport.Spread> millis = new LinkedHashMap<>();
        figures.forEach((name, values) -> millis.put(name, HandlerStages.spread(values)));
        return new LambdaLatencyReport.StageSplit(system, operation, requests.size(), 0, millis, modelRuns, null);
    }
}

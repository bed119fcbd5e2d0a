package io.agentmemory.bench.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.bench.report.LambdaLatencyReport;
import io.agentmemory.bench.report.Percentile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the service's requests spent their time, from the log line each invocation writes (as CloudWatch would keep
 * it), found by request id, beside the benchmark's own timing of the call. Every {@code ...Ms} figure of the line is
 * taken, so stages the handler learns to report later show up without a change here.
 */
final class HandlerStages {

    /** The engine's stages: what the handler waits for inside the engine. */
    private static final List<String> ENGINE_STAGES = List.of("cacheMs", "embeddingMs", "databaseMs");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One timed call: its request id and the handler's time, event bytes in to response bytes out. */
    record Timed(String requestId, double handlerMillis) {
    }

    private HandlerStages() {
    }

    /** The log lines of the given requests, by request id. */
    static Map<String, JsonNode> read(Path functionLog, Set<String> requestIds) throws IOException {
        Map<String, JsonNode> lines = new HashMap<>();
        for (String line : Files.readAllLines(functionLog)) {
            if (line.startsWith("{") && line.contains("\"_aws\"")) {
                JsonNode entry = JSON.readTree(line);
                String id = entry.path("requestId").asText("");
                if (requestIds.contains(id)) {
                    lines.put(id, entry);
                }
            }
        }
        return lines;
    }

    static LambdaLatencyReport.StageSplit split(String system, String operation, List<Timed> calls, Map<String, JsonNode> lines,
                                                boolean isAdd) {
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        int logLines = 0;
        int modelRuns = 0;
        int added = 0;
        int updated = 0;
        int unchanged = 0;
        for (Timed call : calls) {
            figures.computeIfAbsent("handlerMs", k -> new ArrayList<>()).add(call.handlerMillis());
            JsonNode line = lines.get(call.requestId());
            if (line == null) {
                continue;
            }
            logLines++;
            double engineStages = 0;
            for (Iterator<Map.Entry<String, JsonNode>> fields = line.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().endsWith("Ms") && field.getValue().isNumber()) {
                    figures.computeIfAbsent(field.getKey(), k -> new ArrayList<>()).add(field.getValue().asDouble());
                    if (ENGINE_STAGES.contains(field.getKey())) {
                        engineStages += field.getValue().asDouble();
                    }
                }
            }
            figures.computeIfAbsent("outsideStagesMs", k -> new ArrayList<>()).add(call.handlerMillis() - engineStages);
            if (line.has("durationMs")) {
                figures.computeIfAbsent("adapterMs", k -> new ArrayList<>()).add(call.handlerMillis() - line.path("durationMs").asDouble());
            }
            modelRuns += line.has("embeddingMs") ? 1 : 0;
            added += line.path("FactsAdded").asInt(0);
            updated += line.path("FactsUpdated").asInt(0);
            unchanged += line.path("factsUnchanged").asInt(0);
        }
        Map<String, LambdaLatencyReport.Spread> millis = new LinkedHashMap<>();
        figures.forEach((name, values) -> millis.put(name, spread(values)));
        return new LambdaLatencyReport.StageSplit(system, operation, calls.size(), logLines, millis, modelRuns,
                isAdd ? new LambdaLatencyReport.Decisions(added, updated, unchanged) : null);
    }

    static LambdaLatencyReport.Spread spread(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new LambdaLatencyReport.Spread(sorted.length, round(Percentile.nearestRank(sorted, 50)),
                round(Percentile.nearestRank(sorted, 95)));
    }

    private static double round(double millis) {
        return Math.round(millis * 1000) / 1000.0;
    }
}

package io.agentmemory.functions.observability;

import io.agentmemory.engine.observability.StageTimings;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

import java.util.Map;

/**
 * One structured line per invocation, in CloudWatch Embedded Metric Format: CloudWatch Logs keeps it as the
 * invocation's log record and extracts latency, cache and fact metrics from it without an API call.
 */
public final class InvocationLog {

    public static final String NAMESPACE = "AgentMemory";
    private static final Map<StageTimings.Stage, String> STAGE_PROPERTIES = Map.of(
            StageTimings.Stage.CACHE, "cacheMs",
            StageTimings.Stage.EMBEDDING, "embeddingMs",
            StageTimings.Stage.DATABASE, "databaseMs");

    static {
        // Outside Lambda the library would probe EC2/ECS metadata endpoints and then a local agent; a console
        // line is what we want everywhere, and it is what the Lambda environment writes too.
        if (System.getenv("AWS_LAMBDA_FUNCTION_NAME") == null) {
            EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
        }
    }

    private InvocationLog() {
    }

    public static void record(String function, String requestId, String route, int status, double durationMillis,
                              InvocationFacts facts) {
        MetricsLogger metrics = new MetricsLogger();
        try {
            metrics.setNamespace(NAMESPACE);
            metrics.setDimensions(DimensionSet.of("Function", function));
            metrics.putProperty("requestId", requestId == null ? "" : requestId);
            metrics.putProperty("route", route);
            metrics.putProperty("status", status);
            metrics.putProperty("durationMs", Math.round(durationMillis * 100) / 100.0);
            metrics.putProperty("results", facts.results());
            // The handler's own share of the latency, each side of the engine.
            if (facts.eventToEngineMillis() != null) {
                metrics.putProperty("eventToEngineMs", Math.round(facts.eventToEngineMillis() * 1000) / 1000.0);
            }
            if (facts.engineToResponseMillis() != null) {
                metrics.putProperty("engineToResponseMs", Math.round(facts.engineToResponseMillis() * 1000) / 1000.0);
            }
            // Where the engine's time went: a slow invocation says whether the cache, the model or the database was slow.
            facts.timings().millis().forEach((stage, millis) ->
                    metrics.putProperty(STAGE_PROPERTIES.get(stage), Math.round(millis * 100) / 100.0));
            if (facts.operation() != null) {
                metrics.putProperty("operation", facts.operation());
            }
            // A failed MCP tool call is an HTTP 200 carrying a tool error: count it by the status of its REST twin.
            int outcome = facts.operationStatus() != null ? facts.operationStatus() : status;
            if (facts.operationStatus() != null) {
                metrics.putProperty("operationStatus", outcome);
            }
            metrics.putMetric("Latency", durationMillis, Unit.MILLISECONDS);
            metrics.putMetric(outcome >= 500 ? "ServerErrors" : outcome >= 400 ? "ClientErrors" : "Successes", 1, Unit.COUNT);
            if (facts.environmentStart() != null) {
                metrics.putProperty("start", facts.environmentStart().label);
                metrics.putMetric(facts.environmentStart().metric, 1, Unit.COUNT);
            }
            if (facts.cacheHit() != null) {
                metrics.putProperty("cacheHit", facts.cacheHit());
                metrics.putMetric(facts.cacheHit() ? "CacheHits" : "CacheMisses", 1, Unit.COUNT);
            }
            if (facts.factsAdded() + facts.factsUpdated() + facts.factsUnchanged() > 0) {
                metrics.putMetric("FactsAdded", facts.factsAdded(), Unit.COUNT);
                metrics.putMetric("FactsUpdated", facts.factsUpdated(), Unit.COUNT);
                metrics.putProperty("factsUnchanged", facts.factsUnchanged());
            }
        } catch (RuntimeException invalidMetric) {
            metrics.putProperty("metricsError", invalidMetric.getClass().getSimpleName());
        }
        metrics.flush();
    }
}

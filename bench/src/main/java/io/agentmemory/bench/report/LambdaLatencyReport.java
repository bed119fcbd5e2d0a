package io.agentmemory.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one-at-a-time phase: each system in one execution environment answering one request at a time with nothing
 * else running, as a warm Lambda environment does, beside the concurrent workload's figures that stay for throughput.
 * Written as {@code lambda-latency.json}; {@link #figures} says which figure answers which question.
 *
 * @param settings       what was asked of every system (requests, users, model)
 * @param conditions     how quiet the machine was
 * @param systems        latency per system and kind of request
 * @param serviceStages  where the service's requests spent their time, from its functions' log lines
 * @param peerModelStages where the other systems' requests spent their time: in their model (timed around their calls
 *                        of it) and outside it
 * @param modelComparison the service's cache misses with the default model and with the compared one, beside each
 *                        model's own cost per query; null when not measured
 * @param targets        the latency issue's targets (and the model's), judged on this run
 */
public record LambdaLatencyReport(
        Map<String, Object> settings,
        Conditions conditions,
        List<LaneResult> systems,
        List<StageSplit> serviceStages,
        List<StageSplit> peerModelStages,
        ModelComparison modelComparison,
        List<TargetResult> targets,
        List<FigureGuide> figures) {

    public static final String FILE = "lambda-latency.json";
    /** An add whose three facts are all new in their words: every one goes to the model and is decided by similarity. */
    public static final String ADD_NEW_FACTS = "add (three new facts)";
    /** The service's search asked in a second environment after the first answered it: the shared cache's hit. */
    public static final String HIT_FILLED_ELSEWHERE = "search (cache hit, filled by another environment)";

    /**
     * @param loadAverageAtStart the 1, 5 and 15 minute load averages as the warm-up began
     * @param loadLimit          the 1-minute load above which the phase refuses to start unless told otherwise
     * @param quietAtStart       the 1-minute load was at most the limit when the phase began
     * @param allowedBusy        the phase was told to run whatever the load (--allow-load)
     * @param peakLoadDuringPhase highest 1-minute load seen between blocks (the phase itself keeps about one core busy)
     * @param peakOtherActiveSessions most database sessions seen running a statement for anyone else between blocks
     * @param busySamples        looks between blocks that saw another active session or a load above the limit plus the
     *                           phase's own one core
     * @param verdict            in words: whether these figures are Lambda-realistic
     */
    public record Conditions(String loadAverageAtStart, String loadAverageAtEnd, double loadLimit, boolean quietAtStart,
                             boolean allowedBusy, double peakLoadDuringPhase, int peakOtherActiveSessions,
                             int busySamples, int samples, String verdict) {
    }

    /** One system's figures by kind of request ({@code opsPerSecond}: one environment's rate, one request at a time). */
    public record LaneResult(String system, List<OperationStats> operations, List<String> errorSamples) {

        public OperationStats operation(String label) {
            return operations.stream().filter(o -> o.label().equals(label)).findFirst().orElse(null);
        }
    }

    /** A figure's spread over the requests that have it. */
    public record Spread(int count, double p50, double p95) {
    }

    /** How many facts an add's decisions added, updated, or found already known. */
    public record Decisions(int added, int updated, int unchanged) {
    }

    /**
     * One kind of service request split into stages. {@code millis} holds the benchmark's timing of the handler
     * ({@code handlerMs}: the event's bytes in to the response's bytes out, the figure the latency table shows), every
     * {@code ...Ms} figure of the function's log line ({@code durationMs}: the HTTP function's own time inside the
     * adapter; {@code cacheMs}, {@code embeddingMs}, {@code databaseMs}: the engine's stages), {@code outsideStagesMs}
     * (handlerMs less the three stages: the event in to the engine, the engine out to the response, and the engine's
     * own glue; less than that where stages overlap, as a new query's model and the cache look-up beside it do) and
     * {@code adapterMs} (handlerMs less durationMs: the Lambda adapter's parsing of the event and writing of the
     * response around the function).
     *
     * @param modelRuns of the requests, how many ran the model (a miss whose query vector was cached did not, nor a
     *                  search whose model the shared cache's answer stopped before it gave a vector)
     */
    public record StageSplit(String system, String operation, int count, int logLines, Map<String, Spread> millis,
                             int modelRuns, Decisions decisions) {
    }

    /** One model's figures in the comparison. */
    public record ModelFigures(String model, String user, Spread missThroughHandler, Spread modelStageInHandler,
                               Spread embedOneQuery) {
    }

    /**
     * @param missGrowthMillis  the default model's cache-miss p50 through the handler less the compared model's
     * @param modelGrowthMillis the default model's own p50 per query less the compared model's
     */
    public record ModelComparison(ModelFigures defaultModel, ModelFigures comparedModel, double missGrowthMillis,
                                  double modelGrowthMillis) {
    }

    /** Which question a figure answers. */
    public record FigureGuide(String figure, String answers) {
    }

    public static final List<FigureGuide> GUIDE = List.of(
            new FigureGuide("one at a time: p50 per system and request (lambda-latency.json systems)",
                    "How long does a request take in a warm Lambda environment that serves it alone? What one user's agent waits; "
                            + "the latency targets are judged on it."),
            new FigureGuide("one at a time: p95 per system and request",
                    "How much does one environment's own latency vary, with no neighbours to blame?"),
            new FigureGuide("one at a time: the service's cache hit, in the environment that answered and in another one",
                    "What does a repeated question cost when it lands on the environment that answered it (its own copy, checked "
                            + "against the user's revision), and when it lands on another (the shared cache, then the revision)? "
                            + "The cache-hit target is judged on the first."),
            new FigureGuide("one at a time: the service's stages (serviceStages)",
                    "Where does one request's time go: the Lambda adapter, the handler around the engine, the cache, the model, "
                            + "the database?"),
            new FigureGuide("one at a time: the other systems' model time (peerModelStages)",
                    "Does a difference between the service's request and a peer's lie in the model or around it? The peers' "
                            + "model time is timed around their calls of the same model, the service's is its log line's model stage."),
            new FigureGuide("one at a time: default model against the compared model (modelComparison)",
                    "What does the default model cost per query over the lighter one, and does a cache miss grow by no more than that?"),
            new FigureGuide("concurrent workload: ops/s per system (results.json)",
                    "How much does a system serve with two environments sharing two cores? The throughput target is judged on it."),
            new FigureGuide("concurrent workload: p95 per system (results.json)",
                    "How does a system's tail hold up beside a busy neighbour (a busy two-vCPU environment, a shared host)?"),
            new FigureGuide("conditions",
                    "Was the machine quiet enough for the one-at-a-time figures to be what a Lambda environment sees?"));

    /** The same figures with the targets judged again, now that the concurrent workload's results are in. */
    public LambdaLatencyReport withConcurrentWorkload(List<SystemResult> concurrent) {
        return new LambdaLatencyReport(settings, conditions, systems, serviceStages, peerModelStages, modelComparison,
                LambdaTargets.evaluate(systems, modelComparison, concurrent), figures);
    }

    public LaneResult system(String name) {
        return systems.stream().filter(s -> s.system().equals(name)).findFirst().orElse(null);
    }

    public void write(Path directory, PrintStream console) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(directory.resolve(FILE).toFile(), this);
        console.println();
        console.println("one request at a time, one environment per system (" + conditions.verdict() + "):");
        console.printf("  load average %s at the start, %s at the end, peak 1-minute %.2f during; other active database sessions: "
                + "peak %d%n", conditions.loadAverageAtStart(), conditions.loadAverageAtEnd(), conditions.peakLoadDuringPhase(),
                conditions.peakOtherActiveSessions());
        console.printf("  %-30s %-30s %6s %8s %8s %8s%n", "system", "request", "count", "p50 ms", "p95 ms", "errors");
        for (LaneResult lane : systems) {
            for (OperationStats o : lane.operations()) {
                console.printf(Locale.ROOT, "  %-30s %-30s %6d %8.2f %8.2f %8d%n", lane.system(), o.label(), o.count(), o.p50(),
                        o.p95(), o.errors());
            }
            lane.errorSamples().forEach(e -> console.println("    error: " + e));
        }
        console.println("  the service's stages, p50 ms (p95), from its log lines:");
        for (StageSplit split : serviceStages) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-30s %-30s", split.system(), split.operation()));
            split.millis().forEach((stage, spread) -> line.append(String.format(Locale.ROOT, " %s %.2f (%.2f)", stage,
                    spread.p50(), spread.p95())));
            if (split.decisions() != null) {
                line.append(String.format(Locale.ROOT, " facts: %d added, %d updated, %d unchanged", split.decisions().added(),
                        split.decisions().updated(), split.decisions().unchanged()));
            } else {
                line.append(String.format(Locale.ROOT, " model ran in %d of %d", split.modelRuns(), split.count()));
            }
            console.println(line);
        }
        console.println("  the others' time in their model, p50 ms (p95), timed around their calls of it:");
        for (StageSplit split : peerModelStages) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-30s %-30s", split.system(), split.operation()));
            split.millis().forEach((stage, spread) -> line.append(String.format(Locale.ROOT, " %s %.2f (%.2f)", stage,
                    spread.p50(), spread.p95())));
            console.println(line.append(String.format(Locale.ROOT, " model ran in %d of %d", split.modelRuns(), split.count())));
        }
        if (modelComparison != null) {
            for (ModelFigures m : List.of(modelComparison.defaultModel(), modelComparison.comparedModel())) {
                console.printf(Locale.ROOT, "  %-20s cache miss through the handler p50 %.2f ms (model stage %.2f ms); "
                        + "the model alone %.2f ms per query%n", m.model(), m.missThroughHandler().p50(),
                        m.modelStageInHandler().p50(), m.embedOneQuery().p50());
            }
        }
        console.println("  targets:");
        for (TargetResult t : targets) {
            console.printf("  [%s] %s: %s%n", t.status(), t.target(), t.measured());
        }
        console.println("  results: " + directory.resolve(FILE));
    }
}

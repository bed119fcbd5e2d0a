package io.agentmemory.bench;

import io.agentmemory.bench.coldstart.ColdStartMeasurement;
import io.agentmemory.bench.coldstart.DeploymentArtifact;
import io.agentmemory.bench.data.BenchCache;
import io.agentmemory.bench.data.BenchDatabase;
import io.agentmemory.bench.data.ExactRanking;
import io.agentmemory.bench.data.SeedDataSet;
import io.agentmemory.bench.report.ArtifactSize;
import io.agentmemory.bench.report.BatchComparison;
import io.agentmemory.bench.report.BenchmarkReport;
import io.agentmemory.bench.report.ColdStart;
import io.agentmemory.bench.report.DecisionQualityReport;
import io.agentmemory.bench.lambda.LambdaLatencyPhase;
import io.agentmemory.bench.report.LambdaLatencyReport;
import io.agentmemory.bench.report.MachineDescription;
import io.agentmemory.bench.report.ReportWriter;
import io.agentmemory.bench.report.SearchModeReport;
import io.agentmemory.bench.report.McpSearchReport;
import io.agentmemory.bench.report.ServiceStageReport;
import io.agentmemory.bench.report.OperationStats;
import io.agentmemory.bench.report.SystemResult;
import io.agentmemory.bench.report.Targets;
import io.agentmemory.bench.report.UserSizeReport;
import io.agentmemory.bench.systems.LangChain4jEmbeddingModel;
import io.agentmemory.bench.systems.LangChain4jSystem;
import io.agentmemory.bench.systems.MemorySystem;
import io.agentmemory.bench.systems.OriginalDesignSystem;
import io.agentmemory.bench.systems.ServiceSystem;
import io.agentmemory.bench.systems.SpringAiEmbeddingModel;
import io.agentmemory.bench.systems.SpringAiSystem;
import io.agentmemory.bench.systems.SystemEnvironment;
import io.agentmemory.bench.workload.BatchComparisonMeasurement;
import io.agentmemory.bench.workload.McpSearchMeasurement;
import io.agentmemory.bench.workload.SearchModeComparison;
import io.agentmemory.bench.workload.UserSizeScaling;
import io.agentmemory.bench.workload.ModelTiming;
import io.agentmemory.bench.workload.ConnectionMonitor;
import io.agentmemory.bench.workload.Operation;
import io.agentmemory.bench.workload.OperationKind;
import io.agentmemory.bench.workload.RecallMeasurement;
import io.agentmemory.bench.workload.WorkloadPlan;
import io.agentmemory.engine.embedding.OnnxSentenceEmbeddingModel;
import io.agentmemory.bench.report.ConversationRetrievalReport;
import io.agentmemory.bench.workload.ConversationRetrieval;
import io.agentmemory.engine.testing.DecisionSet;
import io.agentmemory.engine.extraction.FactExtractor;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One benchmark run: seed (or reuse) the data set, run every system through the same warm-up and the same
 * measured workload from the same data, measure recall, cold start and artifact size, then write the report.
 */
public final class BenchmarkRun {

    private static final int BATCH_COMPARISON_ROUNDS = 3;
    /** Searches through each of REST and MCP: 100 per p50 (first and second calls), the BATCH comparison's count. */
    private static final int MCP_SEARCH_PAIRS = 200;
    /** How many slices the workload is cut into for the systems' turns. */
    private static final int TURNS = 10;

    private final BenchmarkOptions options;
    private final PrintStream console;

    public BenchmarkRun(BenchmarkOptions options, PrintStream console) {
        this.options = options;
        this.console = console;
    }

    public BenchmarkReport execute() throws Exception {
        long started = System.nanoTime();
        String loadBefore = MachineDescription.loadAverage();
        Files.createDirectories(options.out());
        log("loading the embedding model");
        long loadStarted = System.nanoTime();
        OnnxSentenceEmbeddingModel model = OnnxSentenceEmbeddingModel.load();
        ModelTiming.Figures modelFigures = ModelTiming.measure((System.nanoTime() - loadStarted) / 1e6, model);
        log(String.format("model loaded in %.0f ms; one short sentence embeds in %.3f ms (p50 of %d)",
                modelFigures.loadMillis(), modelFigures.embedOneSentenceP50Millis(), modelFigures.runs()));
        BenchDatabase database = BenchDatabase.prepare(options.databaseUrl(), model.dimension(), options.ownDatabase(), this::log);
        if (options.conversationsOnly()) {
            conversations(database, model);
            return null;
        }
        BenchCache cache = new BenchCache(options.redisUrl());
        log("database " + database.url().redacted() + ", cache " + cache.url());
        List<String> users = users(options.users());
        SeedDataSet seed = new SeedDataSet(database, users, options.memories(), options.seed(), model, this::log);
        log(seed.ensure() ? "data set generated" : "data set reused (same seed, sizes and model)");

        LambdaLatencyReport oneAtATime = options.lambdaRequests() > 0 ? oneAtATime(database, cache, seed, model, users) : null;
        if (options.lambdaOnly()) {
            oneAtATime.write(options.out(), console);
            return null;
        }

        WorkloadPlan plan = WorkloadPlan.generate(users, options.operations(), options.seed())
                .withRecallQueries(users, options.recallQueries(), options.seed());
        List<Operation> warmup = WorkloadPlan.warmup(users, options.warmupOperations(), options.seed());
        Measured measured = measureSystems(database, cache, seed, model, users, plan, warmup);

        ColdStart coldStart = options.systems().contains("service") ? coldStart(database, cache, users.get(0)) : null;
        ArtifactSize artifact = DeploymentArtifact.measure(ProjectLayout.root());
        Map<String, String> machine = MachineDescription.describe(database);
        machine.put("loadAverageAtStart", loadBefore);
        machine.put("loadAverageAtEnd", MachineDescription.loadAverage());
        machine.put("modelLoadMillis", String.valueOf(modelFigures.loadMillis()));
        machine.put("embedOneSentenceP50Millis", String.valueOf(modelFigures.embedOneSentenceP50Millis()));
        BenchmarkReport report = new BenchmarkReport(settings(), machine, measured.results(), coldStart, artifact,
                Targets.evaluate(measured.results(), measured.batchComparison()),
                Math.round((System.nanoTime() - started) / 1e7) / 100.0);
        ReportWriter.write(report, measured.batchComparison(), options.out(), console);
        if (oneAtATime != null) {
            oneAtATime.withConcurrentWorkload(measured.results()).write(options.out(), console);
        }
        DecisionQualityReport.write(DecisionSet.load(), options.out(), console);
        if (options.systems().contains("service")) {
            System.out.flush();
            ServiceStageReport.write(ServiceStageReport.read(options.out().resolve(BenchmarkMain.FUNCTION_LOG_FILE)),
                    options.out(), console);
            int pairs = Math.max(20, Math.min(MCP_SEARCH_PAIRS, options.operations() / 5));
            log("service: " + pairs + " searches through the REST route and through the MCP tool");
            McpSearchReport.write(McpSearchMeasurement.measure(users, options.seed(), pairs), options.out(), console);
            log("search modes: semantic, keyword and hybrid on the travel retrieval set");
            SearchModeReport.write(SearchModeComparison.measure(database, model), options.out(), console);
            int perUser = options.memories() / options.users();
            log("search time by the user's number of memories");
            UserSizeReport.write(UserSizeScaling.measure(database, model, users, List.of(perUser, 5 * perUser, 20 * perUser),
                    options.seed()), options.out(), console);
            conversations(database, model);
        }
        return report;
    }

    /**
     * Every system in one environment, one request at a time, before the concurrent workload loads the machine. A busy
     * machine refuses the phase (unless --allow-load); the rest of a full run goes on without it.
     */
    private LambdaLatencyReport oneAtATime(BenchDatabase database, BenchCache cache, SeedDataSet seed,
                                           OnnxSentenceEmbeddingModel model, List<String> users) throws Exception {
        int requests = options.lambdaRequests();
        LambdaLatencyPhase.Settings settings = new LambdaLatencyPhase.Settings(requests, Math.max(5, Math.min(100, requests / 3)),
                options.allowLoad());
        try {
            return new LambdaLatencyPhase(database, cache, seed, model, options.out().resolve(BenchmarkMain.FUNCTION_LOG_FILE), this::log)
                    .measure(options.systems(), users, options.seed(), settings);
        } catch (LambdaLatencyPhase.MachineBusyException busy) {
            if (options.lambdaOnly()) {
                throw busy;
            }
            log("one at a time: not measured. " + busy.getMessage());
            return null;
        }
    }

    /** The project's conversation evaluation set: search quality per mode and question kind. */
    private void conversations(BenchDatabase database, OnnxSentenceEmbeddingModel model) throws java.io.IOException {
        if (options.conversations() > 0) {
            ConversationRetrievalReport.write(ConversationRetrieval.measure(database, model, options.conversations(), this::log),
                    options.out(), console);
        }
    }

    /**
     * Opens and warms up every system, lets them take turns through the workload, then measures each one's recall
     * (and, for the service, batch against single searches).
     */
    private Measured measureSystems(BenchDatabase database, BenchCache cache, SeedDataSet seed, OnnxSentenceEmbeddingModel model,
                                    List<String> users, WorkloadPlan plan, List<Operation> warmup) throws Exception {
        FactExtractor extractor = new RuleBasedFactExtractor();
        List<MemorySystem> systems = new ArrayList<>();
        List<SystemResult> results = new ArrayList<>();
        BatchComparison batchComparison = null;
        try (ConnectionMonitor monitor = new ConnectionMonitor(database)) {
            for (String name : options.systems()) {
                systems.add(MemorySystem.create(name, database, cache, seed, model, extractor));
            }
            List<SystemMeasurement> runs = new ArrayList<>();
            for (MemorySystem system : systems) {
                log(system.name() + ": restoring the seeded data, opening " + options.concurrency() + " environment(s), warming up");
                runs.add(SystemMeasurement.open(system, options.concurrency(), warmup));
            }
            // The functions write their log lines to standard output, which is the function log during the run.
            System.out.println(ServiceStageReport.MEASURED_START);
            measureInTurns(runs, plan.operations(), monitor);
            System.out.println(ServiceStageReport.MEASURED_END);
            System.out.flush();
            for (SystemMeasurement run : runs) {
                SystemEnvironment first = run.environments().get(0);
                ExactRanking exact = run.system().exactRanking();
                SystemResult result = run.result(RecallMeasurement.measure(first, exact, model, plan.recallQueries()),
                        RecallMeasurement.measureBatch(first, exact, model, plan.batchRecallQueries()));
                results.add(result);
                log(String.format(Locale.ROOT, "%s: %.1f ops/s, recall@10 %.3f (batch search %.3f), %d errors", result.system(),
                        result.throughput(), result.recallAt10(), result.batchRecallAt10(), result.errors()));
                result.errorSamples().forEach(e -> log("  error: " + e));
                if (run.system() instanceof ServiceSystem) {
                    log("service: 100 single searches against one batch of 100, all cache misses");
                    batchComparison = BatchComparisonMeasurement.measure(first, users, options.seed(),
                            BATCH_COMPARISON_ROUNDS, workloadMixSpeedup(result));
                }
            }
        } finally {
            for (MemorySystem system : systems) {
                system.close();
            }
        }
        return new Measured(List.copyOf(results), batchComparison);
    }

    /**
     * The systems take turns, a slice of the workload each, in a rotating order: whatever else the machine is
     * doing meanwhile (a build, a test suite) then weighs on every system alike, instead of on whichever system
     * happened to run at that moment. Each system still sees the whole workload in order.
     */
    private void measureInTurns(List<SystemMeasurement> runs, List<Operation> operations, ConnectionMonitor monitor)
            throws InterruptedException {
        int slices = Math.min(TURNS, operations.size());
        log("measuring " + operations.size() + " operations per system, in " + slices + " turns");
        for (int slice = 0; slice < slices; slice++) {
            List<Operation> part = operations.subList(slice * operations.size() / slices, (slice + 1) * operations.size() / slices);
            for (int k = 0; k < runs.size(); k++) {
                runs.get((slice + k) % runs.size()).measure(part, monitor);
            }
        }
    }

    /** What the workload's own figures say: 100 single searches' mean cost against one batch of 100. */
    private static double workloadMixSpeedup(SystemResult service) {
        OperationStats single = service.operation(OperationKind.SEARCH.label());
        OperationStats batch = service.operation(OperationKind.BATCH_100.label());
        return single == null || batch == null || batch.mean() == 0 ? 0 : Math.round(10 * 100 * single.mean() / batch.mean()) / 10.0;
    }

    private ColdStart coldStart(BenchDatabase database, BenchCache cache, String userId) {
        if (options.coldStarts() <= 0) {
            return null;
        }
        log("cold start: " + options.coldStarts() + " fresh process(es)");
        Map<String, String> settings = new HashMap<>(ServiceSystem.functionSettings(database.url().toUrl(), cache.url()));
        settings.put("CLIENT_NAME", "bench-coldstart");
        try {
            return ColdStartMeasurement.measure(options.coldStarts(), settings, userId);
        } catch (Exception e) {
            log("cold start could not be measured: " + e.getMessage());
            return new ColdStart(ServiceSystem.SEARCH_FUNCTION, List.of(), 0, "not measured: " + e.getMessage());
        }
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("users", options.users());
        settings.put("operations", options.operations());
        settings.put("memories", options.memories());
        settings.put("concurrency", options.concurrency());
        settings.put("seed", options.seed());
        settings.put("quick", options.quick());
        settings.put("systems", options.systems());
        settings.put("warmupOperations", options.warmupOperations());
        settings.put("recallQueries", options.recallQueries());
        settings.put("mix", Map.of("add", WorkloadPlan.ADD_SHARE, "batch10", WorkloadPlan.BATCH_10_SHARE,
                "batch100", WorkloadPlan.BATCH_100_SHARE,
                "search", 1 - WorkloadPlan.ADD_SHARE - WorkloadPlan.BATCH_10_SHARE - WorkloadPlan.BATCH_100_SHARE));
        return settings;
    }

    private static List<String> users(int count) {
        List<String> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            users.add(String.format(Locale.ROOT, "bench-user-%04d", i));
        }
        return users;
    }

    private void log(String message) {
        console.println("[bench] " + message);
    }

    /** @param batchComparison null when the service did not run */
    private record Measured(List<SystemResult> results, BatchComparison batchComparison) {
    }
}

package io.agentmemory.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentmemory.bench.coldstart.ColdStartMeasurement;
import io.agentmemory.bench.coldstart.DeploymentArtifact;
import io.agentmemory.bench.data.BenchCache;
import io.agentmemory.bench.data.BenchDatabase;
import io.agentmemory.bench.data.ExactRanking;
import io.agentmemory.bench.data.SeedDataSet;
import io.agentmemory.bench.report.ArtifactSize;
import io.agentmemory.bench.report.BatchComparison;
import io.agentmemory.bench.report.BenchmarkReport;
import io.agentmemory.bench.report.ChartWriter;
import io.agentmemory.bench.report.ColdStart;
import io.agentmemory.bench.report.OperationStats;
import io.agentmemory.bench.report.ReportTable;
import io.agentmemory.bench.report.SystemResult;
import io.agentmemory.bench.report.Targets;
import io.agentmemory.bench.systems.LangChain4jEmbeddingModel;
import io.agentmemory.bench.systems.LangChain4jSystem;
import io.agentmemory.bench.systems.MemorySystem;
import io.agentmemory.bench.systems.OriginalDesignSystem;
import io.agentmemory.bench.systems.ServiceSystem;
import io.agentmemory.bench.systems.SpringAiEmbeddingModel;
import io.agentmemory.bench.systems.SpringAiSystem;
import io.agentmemory.bench.systems.SystemEnvironment;
import io.agentmemory.bench.workload.BatchComparisonMeasurement;
import io.agentmemory.bench.workload.ConnectionMonitor;
import io.agentmemory.bench.workload.LatencySamples;
import io.agentmemory.bench.workload.Operation;
import io.agentmemory.bench.workload.OperationKind;
import io.agentmemory.bench.workload.RecallMeasurement;
import io.agentmemory.bench.workload.WorkloadPlan;
import io.agentmemory.bench.workload.WorkloadRunner;
import io.agentmemory.engine.embedding.OnnxSentenceEmbeddingModel;
import io.agentmemory.engine.extraction.FactExtractor;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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

    public static final String RESULTS_FILE = "results.json";
    private static final int BATCH_COMPARISON_ROUNDS = 3;
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
        String loadBefore = loadAverage();
        Files.createDirectories(options.out());
        log("loading the embedding model");
        OnnxSentenceEmbeddingModel model = OnnxSentenceEmbeddingModel.load();
        BenchDatabase database = BenchDatabase.prepare(options.databaseUrl(), model.dimension(), options.ownDatabase(), this::log);
        BenchCache cache = new BenchCache(options.redisUrl());
        log("database " + database.url().redacted() + ", cache " + cache.url());
        List<String> users = users(options.users());
        SeedDataSet seed = new SeedDataSet(database, users, options.memories(), options.seed(), model, this::log);
        log(seed.ensure() ? "data set generated" : "data set reused (same seed, sizes and model)");

        WorkloadPlan plan = WorkloadPlan.generate(users, options.operations(), options.seed())
                .withRecallQueries(users, options.recallQueries(), options.seed());
        List<Operation> warmup = WorkloadPlan.warmup(users, options.warmupOperations(), options.seed());
        FactExtractor extractor = new RuleBasedFactExtractor();

        List<MemorySystem> systems = new ArrayList<>();
        List<SystemResult> results = new ArrayList<>();
        BatchComparison batchComparison = null;
        try (ConnectionMonitor monitor = new ConnectionMonitor(database)) {
            for (String name : options.systems()) {
                systems.add(switch (name) {
                    case "original" -> new OriginalDesignSystem(database, seed, model, extractor);
                    case "service" -> new ServiceSystem(database.url().toUrl(), cache, seed);
                    case "langchain4j" -> new LangChain4jSystem(database, seed, new LangChain4jEmbeddingModel(model), extractor);
                    case "springai" -> new SpringAiSystem(database, seed, new SpringAiEmbeddingModel(model), extractor);
                    default -> throw new IllegalArgumentException("unknown system " + name);
                });
            }
            List<SystemRun> runs = new ArrayList<>();
            for (MemorySystem system : systems) {
                runs.add(open(system, warmup));
            }
            measureInTurns(runs, plan.operations(), monitor);
            for (SystemRun run : runs) {
                ExactRanking exact = switch (run.system().name()) {
                    case "original" -> ExactRanking.ofOriginalTable(database);
                    case "langchain4j" -> ExactRanking.ofLangChain4jTable(database);
                    case "springai" -> ExactRanking.ofSpringAiTable(database);
                    default -> ExactRanking.ofServiceTable(database);
                };
                SystemResult result = run.result(
                        RecallMeasurement.measure(run.environments().get(0), exact, model, plan.recallQueries()),
                        RecallMeasurement.measureBatch(run.environments().get(0), exact, model, plan.batchRecallQueries()));
                results.add(result);
                log(String.format(Locale.ROOT, "%s: %.1f ops/s, recall@10 %.3f (batch search %.3f), %d errors", result.system(),
                        result.throughput(), result.recallAt10(), result.batchRecallAt10(), result.errors()));
                result.errorSamples().forEach(e -> log("  error: " + e));
                if (run.system() instanceof ServiceSystem) {
                    log("service: 100 single searches against one batch of 100, all cache misses");
                    batchComparison = BatchComparisonMeasurement.measure(run.environments().get(0), users, options.seed(),
                            BATCH_COMPARISON_ROUNDS, workloadMixSpeedup(result));
                }
            }
        } finally {
            for (MemorySystem system : systems) {
                system.close();
            }
        }

        ColdStart coldStart = options.systems().contains("service") ? coldStart(database, cache, users.get(0)) : null;
        ArtifactSize artifact = DeploymentArtifact.measure(ProjectLayout.root());
        Map<String, String> machine = machine(database);
        // Other work on the machine inflates latencies; the figures are only as quiet as the machine was.
        machine.put("loadAverageAtStart", loadBefore);
        machine.put("loadAverageAtEnd", loadAverage());
        BenchmarkReport report = new BenchmarkReport(settings(), machine, List.copyOf(results), coldStart, artifact,
                Targets.evaluate(results, batchComparison), Math.round((System.nanoTime() - started) / 1e7) / 100.0);
        write(report, batchComparison);
        return report;
    }

    /** Restores the system's data, opens its environments and warms them up, then restores the data again. */
    private SystemRun open(MemorySystem system, List<Operation> warmup) throws Exception {
        log(system.name() + ": restoring the seeded data, opening " + options.concurrency() + " environment(s), warming up");
        system.restoreData();
        long opening = System.nanoTime();
        List<SystemEnvironment> environments = system.openEnvironments(options.concurrency());
        double startSeconds = (System.nanoTime() - opening) / 1e9;
        WorkloadRunner.run(environments, warmup, new LatencySamples());
        system.restoreData();
        return new SystemRun(system, environments, startSeconds, new LatencySamples());
    }

    /**
     * The systems take turns, a slice of the workload each, in a rotating order: whatever else the machine is
     * doing meanwhile (a build, a test suite) then weighs on every system alike, instead of on whichever system
     * happened to run at that moment. Each system still sees the whole workload in order.
     */
    private void measureInTurns(List<SystemRun> runs, List<Operation> operations, ConnectionMonitor monitor) throws Exception {
        int slices = Math.min(TURNS, operations.size());
        log("measuring " + operations.size() + " operations per system, in " + slices + " turns");
        for (int slice = 0; slice < slices; slice++) {
            List<Operation> part = operations.subList(slice * operations.size() / slices, (slice + 1) * operations.size() / slices);
            for (int k = 0; k < runs.size(); k++) {
                SystemRun run = runs.get((slice + k) % runs.size());
                monitor.start(run.system().connectionNamePrefix());
                long countedBefore = run.system().connectionsOpened().orElse(0);
                run.wallSeconds += WorkloadRunner.run(run.environments(), part, run.samples());
                run.peak = run.peak.max(monitor.stop());
                run.connectionsCounted += run.system().connectionsOpened().orElse(0) - countedBefore;
            }
        }
    }

    /** What the workload's own figures say: 100 single searches' mean cost against one batch of 100. */
    private static double workloadMixSpeedup(SystemResult service) {
        OperationStats single = service.operation(OperationKind.SEARCH.label());
        OperationStats batch = service.operation(OperationKind.BATCH_100.label());
        return single == null || batch == null || batch.mean() == 0 ? 0 : round(100 * single.mean() / batch.mean());
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

    private void write(BenchmarkReport report, BatchComparison batchComparison) throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("report", report);
        document.put("batchComparison", batchComparison);
        json.writeValue(options.out().resolve(RESULTS_FILE).toFile(), document);
        ChartWriter.write(report, options.out());
        ReportTable.print(report, console);
        if (batchComparison != null) {
            console.println(String.format(Locale.ROOT, "batch of 100 vs 100 single searches in the workload's mix "
                    + "(100 x mean single / mean batch): %.1fx", batchComparison.workloadMixSpeedup()));
        }
        console.println("results: " + options.out().resolve(RESULTS_FILE) + ", charts: "
                + options.out().resolve(ChartWriter.LATENCY_FILE) + ", " + options.out().resolve(ChartWriter.THROUGHPUT_FILE));
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

    private static Map<String, String> machine(BenchDatabase database) throws Exception {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            machine.put("memory", String.format(Locale.ROOT, "%.0f GiB", os.getTotalMemorySize() / 1024.0 / 1024 / 1024));
        }
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        try (Connection c = database.connect("bench-report"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version'), "
                     + "(SELECT extversion FROM pg_extension WHERE extname = 'vector')")) {
            rs.next();
            machine.put("postgresql", rs.getString(1));
            machine.put("pgvector", rs.getString(2));
        }
        return machine;
    }

    /** The 1, 5 and 15 minute load averages, where the OS tells them. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static List<String> users(int count) {
        List<String> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            users.add(String.format(Locale.ROOT, "bench-user-%04d", i));
        }
        return users;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private void log(String message) {
        console.println("[bench] " + message);
    }

    /** One system's environments and what its turns have measured so far. */
    private final class SystemRun {
        private final MemorySystem system;
        private final List<SystemEnvironment> environments;
        private final double startSeconds;
        private final LatencySamples samples;
        private double wallSeconds;
        private ConnectionMonitor.Peak peak = ConnectionMonitor.Peak.NONE;
        private long connectionsCounted;

        SystemRun(MemorySystem system, List<SystemEnvironment> environments, double startSeconds, LatencySamples samples) {
            this.system = system;
            this.environments = environments;
            this.startSeconds = startSeconds;
            this.samples = samples;
        }

        MemorySystem system() {
            return system;
        }

        List<SystemEnvironment> environments() {
            return environments;
        }

        LatencySamples samples() {
            return samples;
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
            return new SystemResult(system.name(), options.concurrency(),
                    system.environmentsHoldingConnections(options.concurrency()), operations, samples.errors(),
                    round(wallSeconds), round(operations / wallSeconds), round(searches / wallSeconds),
                    searches == 0 ? 0 : round(hits / searches), peak.total(), peak.perEnvironment(), connectionsOpened,
                    recall, batchRecall, round(startSeconds), stats, samples.errorSamples());
        }
    }
}

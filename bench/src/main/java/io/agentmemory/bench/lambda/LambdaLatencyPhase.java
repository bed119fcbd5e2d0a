package io.agentmemory.bench.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.bench.data.BenchCache;
import io.agentmemory.bench.data.BenchDatabase;
import io.agentmemory.bench.data.SeedDataSet;
import io.agentmemory.bench.report.LambdaLatencyReport;
import io.agentmemory.bench.report.LambdaTargets;
import io.agentmemory.bench.report.MachineDescription;
import io.agentmemory.bench.report.OperationStats;
import io.agentmemory.bench.systems.ClockedEmbeddingModel;
import io.agentmemory.bench.systems.MemorySystem;
import io.agentmemory.bench.systems.ServiceSystem;
import io.agentmemory.bench.workload.LatencySamples;
import io.agentmemory.bench.workload.WorkloadPlan;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.embedding.InProcessModel;
import io.agentmemory.engine.embedding.OnnxSentenceEmbeddingModel;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Latency as a Lambda environment sees it: every system in one execution environment, one request at a time, nothing
 * else running, on the same seeded data with the same model. The systems take turns in blocks of a few requests, in a
 * rotating order, so whatever drifts on the machine weighs on all of them alike; every request is a new question (the
 * service's caches miss) or a repeat of one just asked (its cache hits), or a user message of three facts.
 *
 * <p>Users: the searches ask the first seeded user; the adds go to the second, so the searched data stay the seed's
 * whatever the adds decide. The service answers the same questions a second time with the compared model, over the
 * third user's memories given that model's vectors: a user of the same size, since the engine ranks a query only
 * against vectors of its own model. The warm-up asks other questions of the same users, then the data are restored
 * to the seed: every user's pages are in memory before the first measured request, for every system alike.
 */
public final class LambdaLatencyPhase {

    /** Requests of each kind a system answers before the next system's turn. */
    public static final int BLOCK = 10;
    public static final double LOAD_LIMIT = 1.0;
    public static final InProcessModel COMPARED_MODEL = InProcessModel.ALL_MINILM_L6_V2_Q;
    private static final Duration QUIET_PATIENCE = Duration.ofSeconds(120);
    private static final String LANE_PREFIX = "bench-lambda-";

    /**
     * @param requests  requests of each kind per system
     * @param warmup    requests of each kind per system before them, with other questions and another user
     * @param allowLoad measure even when the machine is busy (the report then says so) instead of refusing
     */
    public record Settings(int requests, int warmup, boolean allowLoad) {
    }

    /** The machine stayed busy: one-at-a-time figures would measure the neighbours, not the systems. */
    public static final class MachineBusyException extends RuntimeException {
        MachineBusyException(String message) {
            super(message);
        }
    }

    private final BenchDatabase database;
    private final BenchCache cache;
    private final SeedDataSet seed;
    private final OnnxSentenceEmbeddingModel model;
    private final Path functionLog;
    private final Consumer<String> log;

    /** @param functionLog where the functions' log lines go (standard output during the run) */
    public LambdaLatencyPhase(BenchDatabase database, BenchCache cache, SeedDataSet seed, OnnxSentenceEmbeddingModel model,
                              Path functionLog, Consumer<String> log) {
        this.database = database;
        this.cache = cache;
        this.seed = seed;
        this.model = model;
        this.functionLog = functionLog;
        this.log = log;
    }

    public LambdaLatencyReport measure(List<String> systemNames, List<String> users, long randomSeed, Settings settings)
            throws Exception {
        if (users.size() < 3) {
            throw new IllegalArgumentException("the one-at-a-time phase needs at least 3 seeded users, got " + users.size());
        }
        String searchUser = users.get(0);
        String addUser = users.get(1);
        String comparedModelUser = users.get(2);
        boolean compareModels = systemNames.contains("service") && COMPARED_MODEL.available();

        List<MemorySystem> systems = new ArrayList<>();
        // Each system in process gets the model behind a clock, so its requests' model time is known beside the
        // service's model stage (the service's functions load their own model and log that stage themselves).
        Map<String, ClockedEmbeddingModel> clocks = new LinkedHashMap<>();
        for (String name : systemNames) {
            ClockedEmbeddingModel clocked = new ClockedEmbeddingModel(model);
            clocks.put(name, clocked);
            systems.add(MemorySystem.create(name, database, cache, seed, clocked, new RuleBasedFactExtractor()));
        }
        OnnxSentenceEmbeddingModel comparedModel = compareModels ? OnnxSentenceEmbeddingModel.load(COMPARED_MODEL) : null;
        try {
            log.accept("one at a time: restoring the seeded data, opening one environment per system");
            restore(systems, compareModels ? comparedModel : null, comparedModelUser);
            List<LatencyLane> lanes = openLanes(systems, clocks, compareModels, searchUser, addUser, comparedModelUser);
            List<String> questions = DistinctQueries.generate(settings.warmup() + settings.requests(), randomSeed);
            Random messages = new Random(randomSeed * 13 + 5);
            Random newFacts = new Random(randomSeed * 17 + 3);
            Map<String, List<String>> warmupMessages = Map.of(LatencyLane.ADD, new ArrayList<>(), LatencyLane.ADD_NEW_FACTS, new ArrayList<>());
            Map<String, List<String>> measuredMessages = Map.of(LatencyLane.ADD, new ArrayList<>(), LatencyLane.ADD_NEW_FACTS, new ArrayList<>());
            for (int i = 0; i < settings.warmup(); i++) {
                warmupMessages.get(LatencyLane.ADD).add(WorkloadPlan.message(messages));
                warmupMessages.get(LatencyLane.ADD_NEW_FACTS).add(WorkloadPlan.newFactsMessage(newFacts, i));
            }
            for (int i = 0; i < settings.requests(); i++) {
                measuredMessages.get(LatencyLane.ADD).add(WorkloadPlan.message(messages));
                measuredMessages.get(LatencyLane.ADD_NEW_FACTS).add(WorkloadPlan.newFactsMessage(newFacts, settings.warmup() + i));
            }
            log.accept("one at a time: warm-up, " + settings.warmup() + " requests of each kind per system, then the seeded data again");
            run(lanes, questions.subList(0, settings.warmup()), warmupMessages, new LinkedHashMap<>(), null);
            restore(systems, compareModels ? comparedModel : null, comparedModelUser);

            boolean quiet = QuietMachine.oneMinuteLoad() <= LOAD_LIMIT
                    || !settings.allowLoad() && QuietMachine.awaitLoadAtMost(LOAD_LIMIT, QUIET_PATIENCE, log);
            String loadAtStart = MachineDescription.loadAverage();
            if (!quiet && !settings.allowLoad()) {
                throw new MachineBusyException(String.format(Locale.ROOT, "the 1-minute load average (%s) stayed above %.1f for %d s: "
                                + "one-at-a-time figures would measure the neighbours. Run it on a quiet machine, or pass --allow-load "
                                + "to measure anyway (the results then say the machine was busy).", loadAtStart, LOAD_LIMIT,
                        QUIET_PATIENCE.toSeconds()));
            }
            log.accept("one at a time: load average " + loadAtStart + (quiet ? "" : " (above " + LOAD_LIMIT + ": measured anyway, --allow-load)"));

            Map<LatencyLane, Recorded> recorded = new LinkedHashMap<>();
            log.accept("one at a time: " + settings.requests() + " requests of each kind per system, in blocks of " + BLOCK);
            List<String> measuredQuestions = questions.subList(settings.warmup(), questions.size());
            LambdaLatencyReport.Conditions conditions;
            try (QuietMachine machine = new QuietMachine(database)) {
                run(lanes, measuredQuestions, measuredMessages, recorded, machine);
                String verdict = quiet && machine.busySamples() == 0 ? "quiet machine: Lambda-realistic"
                        : "BUSY machine: other work shared the cores, so these figures overstate a Lambda environment's";
                conditions = new LambdaLatencyReport.Conditions(loadAtStart, MachineDescription.loadAverage(), LOAD_LIMIT, quiet,
                        settings.allowLoad(), machine.peakLoad(), machine.peakOthersActive(), machine.busySamples(),
                        machine.samples(), verdict);
            }
            System.out.flush();
            return report(settings, systemNames, users, conditions, recorded, compareModels ? comparedModel : null, measuredQuestions);
        } finally {
            for (MemorySystem system : systems) {
                system.close();
            }
            if (comparedModel != null) {
                comparedModel.close();
            }
        }
    }

    /** Every system's seeded data and an empty cache; the compared model's user gets that model's vectors again. */
    private void restore(List<MemorySystem> systems, EmbeddingModel comparedModel, String comparedModelUser) throws Exception {
        for (MemorySystem system : systems) {
            system.restoreData();
        }
        if (comparedModel != null) {
            int rows = UserReembedding.reembed(database, comparedModelUser, comparedModel);
            log.accept("one at a time: " + rows + " memories of " + comparedModelUser + " re-embedded with " + comparedModel.name());
        }
    }

    private List<LatencyLane> openLanes(List<MemorySystem> systems, Map<String, ClockedEmbeddingModel> clocks, boolean compareModels,
                                        String searchUser, String addUser, String comparedModelUser) throws Exception {
        List<LatencyLane> lanes = new ArrayList<>();
        for (MemorySystem system : systems) {
            if (system instanceof ServiceSystem) {
                lanes.add(new HandlerLane(system.name(), new ServiceSystem.FunctionEnvironment(LANE_PREFIX + "service", false),
                        searchUser, addUser, true, new ServiceSystem.FunctionEnvironment(LANE_PREFIX + "service-other", false)));
                if (compareModels) {
                    lanes.add(new HandlerLane(comparedLaneName(), comparedModelEnvironment(), comparedModelUser, null, false, null));
                }
            } else {
                lanes.add(new PeerLane(system.name(), system.openEnvironments(1).get(0), clocks.get(system.name()), searchUser, addUser));
            }
        }
        return lanes;
    }

    private static String comparedLaneName() {
        return "service (" + COMPARED_MODEL.modelName() + ")";
    }

    /** A service environment whose handlers were started with the compared model, as a deployment setting it would be. */
    private static ServiceSystem.FunctionEnvironment comparedModelEnvironment() {
        String previous = System.getProperty("EMBEDDING_MODEL");
        System.setProperty("EMBEDDING_MODEL", COMPARED_MODEL.modelName());
        try {
            return new ServiceSystem.FunctionEnvironment(LANE_PREFIX + "service-" + COMPARED_MODEL.modelName(), false);
        } finally {
            if (previous == null) {
                System.clearProperty("EMBEDDING_MODEL");
            } else {
                System.setProperty("EMBEDDING_MODEL", previous);
            }
        }
    }

    /** What one lane measured: latencies by label, and for the service each call's request id. */
    private static final class Recorded {
        final LatencySamples samples = new LatencySamples();
        final Map<String, List<HandlerStages.Timed>> calls = new LinkedHashMap<>();
        /** For a system in process: each request's whole time and its model time, by label. */
        final Map<String, List<PeerModelTime.Timed>> modelTimes = new LinkedHashMap<>();
        long busyNanos;
    }

    private static void run(List<LatencyLane> lanes, List<String> questions, Map<String, List<String>> messages,
                            Map<LatencyLane, Recorded> recorded, QuietMachine machine) throws Exception {
        for (int from = 0, block = 0; from < questions.size(); from += BLOCK, block++) {
            int to = Math.min(questions.size(), from + BLOCK);
            for (int k = 0; k < lanes.size(); k++) {
                LatencyLane lane = lanes.get((block + k) % lanes.size());
                Recorded into = recorded.computeIfAbsent(lane, l -> new Recorded());
                for (String operation : lane.operations()) {
                    for (int i = from; i < to; i++) {
                        String text = LatencyLane.isSearch(operation) ? questions.get(i) : messages.get(operation).get(i);
                        long started = System.nanoTime();
                        try {
                            LatencyLane.Call call = lane.call(operation, text);
                            long nanos = call.handlerNanos() > 0 ? call.handlerNanos() : System.nanoTime() - started;
                            into.busyNanos += nanos;
                            boolean search = LatencyLane.isSearch(call.label());
                            into.samples.record(call.label(), nanos, LatencyLane.isCacheHit(call.label()) ? 1 : 0, search ? 1 : 0);
                            if (call.requestId() != null) {
                                into.calls.computeIfAbsent(call.label(), l -> new ArrayList<>())
                                        .add(new HandlerStages.Timed(call.requestId(), nanos / 1e6));
                            }
                            if (call.modelNanos() >= 0) {
                                into.modelTimes.computeIfAbsent(call.label(), l -> new ArrayList<>())
                                        .add(new PeerModelTime.Timed(nanos / 1e6, call.modelNanos() / 1e6));
                            }
                        } catch (Exception e) {
                            into.samples.recordError(operation, e);
                        }
                    }
                }
            }
            if (machine != null) {
                machine.sample(LOAD_LIMIT + 1);
            }
        }
    }

    private LambdaLatencyReport report(Settings settings, List<String> systemNames, List<String> users,
                                       LambdaLatencyReport.Conditions conditions, Map<LatencyLane, Recorded> recorded,
                                       EmbeddingModel comparedModel, List<String> questions) throws java.io.IOException {
        Set<String> requestIds = new HashSet<>();
        recorded.values().forEach(r -> r.calls.values().forEach(calls -> calls.forEach(c -> requestIds.add(c.requestId()))));
        Map<String, JsonNode> lines = requestIds.isEmpty() ? Map.of() : HandlerStages.read(functionLog, requestIds);
        List<LambdaLatencyReport.LaneResult> lanes = new ArrayList<>();
        List<LambdaLatencyReport.StageSplit> stages = new ArrayList<>();
        List<LambdaLatencyReport.StageSplit> peerModelStages = new ArrayList<>();
        for (Map.Entry<LatencyLane, Recorded> entry : recorded.entrySet()) {
            Recorded r = entry.getValue();
            lanes.add(new LambdaLatencyReport.LaneResult(entry.getKey().name(), r.samples.summarize(Math.max(1e-9, r.busyNanos / 1e9)),
                    r.samples.errorSamples()));
            r.calls.forEach((label, calls) -> stages.add(HandlerStages.split(entry.getKey().name(), label, calls, lines,
                    LatencyLane.isAdd(label))));
            r.modelTimes.forEach((label, times) -> peerModelStages.add(PeerModelTime.split(entry.getKey().name(), label, times)));
        }
        LambdaLatencyReport.ModelComparison models = comparedModel == null ? null : modelComparison(lanes, stages, comparedModel, questions, users);
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("requestsPerKind", settings.requests());
        described.put("warmupPerKind", settings.warmup());
        described.put("block", BLOCK);
        described.put("systems", systemNames);
        described.put("model", model.name());
        described.put("searchedUser", users.get(0));
        described.put("addUser", users.get(1));
        described.put("comparedModelUser", comparedModel == null ? null : users.get(2));
        described.put("memoriesPerUser", seed.memoriesPerUser());
        described.put("how", "one thread drives every request, so one system answers at a time and the others' environments are idle; "
                + "the systems take turns in blocks of " + BLOCK + " requests of each kind, in a rotating order; every search asks a "
                + "question no earlier request asked (the service's result and query-vector caches miss), and the service's cache hits "
                + "repeat its block's questions, in the environment that answered them (its own copy of the result) and in a "
                + "second environment of the search function (the shared cache, filled by the first); an add is one user message of three facts, extracted by the same rule-based "
                + "extractor in every system: the workload's message (a diet, a seat preference and a budget from short lists, so "
                + "many of its facts repeat a memory word for word), or one whose three facts are all new in their words; the service is timed from the event's bytes into its Lambda handler to the response's "
                + "bytes out (building the event and reading the answer are the gateway's and the client's work), the others around "
                + "their in-process call; the warm-up reads the same users' pages for every system (page cache pre-warmed alike)");
        return new LambdaLatencyReport(described, conditions, lanes, stages, peerModelStages, models,
                LambdaTargets.evaluate(lanes, models, null), LambdaLatencyReport.GUIDE);
    }

    private LambdaLatencyReport.ModelComparison modelComparison(List<LambdaLatencyReport.LaneResult> lanes,
                                                                List<LambdaLatencyReport.StageSplit> stages,
                                                                EmbeddingModel comparedModel, List<String> questions,
                                                                List<String> users) {
        log.accept("one at a time: each model's own cost per query, " + model.name() + " and " + comparedModel.name());
        List<LambdaLatencyReport.Spread> cost = ModelCost.measure(List.of(model, comparedModel), questions);
        LambdaLatencyReport.ModelFigures defaults = modelFigures(model.name(), users.get(0), "service", lanes, stages, cost.get(0));
        LambdaLatencyReport.ModelFigures compared = modelFigures(comparedModel.name(), users.get(2), comparedLaneName(), lanes, stages,
                cost.get(1));
        double missGrowth = defaults.missThroughHandler().p50() - compared.missThroughHandler().p50();
        double modelGrowth = defaults.embedOneQuery().p50() - compared.embedOneQuery().p50();
        return new LambdaLatencyReport.ModelComparison(defaults, compared, Math.round(missGrowth * 1000) / 1000.0,
                Math.round(modelGrowth * 1000) / 1000.0);
    }

    private static LambdaLatencyReport.ModelFigures modelFigures(String modelName, String user, String lane,
                                                                 List<LambdaLatencyReport.LaneResult> lanes,
                                                                 List<LambdaLatencyReport.StageSplit> stages,
                                                                 LambdaLatencyReport.Spread embed) {
        OperationStats miss = lanes.stream().filter(l -> l.system().equals(lane)).findFirst()
                .map(l -> l.operation(LatencyLane.MISS)).orElse(null);
        LambdaLatencyReport.Spread modelStage = stages.stream()
                .filter(s -> s.system().equals(lane) && s.operation().equals(LatencyLane.MISS)).findFirst()
                .map(s -> s.millis().getOrDefault("embeddingMs", new LambdaLatencyReport.Spread(0, 0, 0)))
                .orElse(new LambdaLatencyReport.Spread(0, 0, 0));
        LambdaLatencyReport.Spread missSpread = miss == null ? new LambdaLatencyReport.Spread(0, 0, 0)
                : new LambdaLatencyReport.Spread(miss.count(), miss.p50(), miss.p95());
        return new LambdaLatencyReport.ModelFigures(modelName, user, missSpread, modelStage, embed);
    }
}

package io.agentmemory.bench.addpath;

import io.agentmemory.bench.data.BenchDatabase;
import io.agentmemory.bench.data.SeedDataSet;
import io.agentmemory.bench.report.Percentile;
import io.agentmemory.bench.workload.WorkloadPlan;
import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.embedding.OnnxSentenceEmbeddingModel;
import io.agentmemory.engine.observability.StageTimings;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The database stage of an add as one Lambda environment sees it: one request at a time, nothing else in the
 * process, a three-fact message (the workload's diet, seat and budget) for a user of 1,000 seeded memories. Reports
 * the stage's median and p95 from the engine's own {@link StageTimings}, the decisions the adds took, and how many
 * SQL statements one add sends, counted from PostgreSQL's statement log of this measurement's own database (the
 * server's log file, read through {@code pg_read_file}, when {@code --statement-log} names it).
 *
 * <pre>mvn -pl bench exec:exec -Dexec.executable=java -Dexec.args="--enable-native-access=ALL-UNNAMED -classpath %classpath
 *     io.agentmemory.bench.addpath.AddDatabaseStage --adds 300 --prepared 100 --statement-log SERVER_LOG_FILE"</pre>
 */
public final class AddDatabaseStage {

    private static final String DATABASE = "memory_bench_add_stage";
    private static final String USER = "add-stage-user";
    private static final int SEEDED_MEMORIES = 1_000;
    private static final int WARM_UP = 50;
    private static final int COUNTED_ADDS = 20;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private AddDatabaseStage() {
    }

    public static void main(String[] args) throws Exception {
        String serverUrl = System.getenv().getOrDefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres");
        int adds = 300;
        String prepared = "0";
        String statementLog = null;
        AddMessages.Kind kind = AddMessages.Kind.WORKLOAD;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--adds" -> adds = Integer.parseInt(args[++i]);
                case "--prepared" -> prepared = args[++i];
                case "--database-url" -> serverUrl = args[++i];
                case "--statement-log" -> statementLog = args[++i];
                case "--new-facts" -> kind = AddMessages.Kind.NEW_FACTS;
                case "--unread-facts" -> kind = AddMessages.Kind.UNREAD_FACTS;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--adds N, --prepared N, --database-url URL, --statement-log SERVER_LOG_FILE, --new-facts | --unread-facts)");
            }
        }
        OnnxSentenceEmbeddingModel model = OnnxSentenceEmbeddingModel.load();
        BenchDatabase database = BenchDatabase.prepare(
                io.agentmemory.engine.store.DatabaseUrl.parse(serverUrl, null, null).withDatabase(DATABASE).toUrl(),
                model.dimension(), true, System.out::println);
        SeedDataSet seed = new SeedDataSet(database, List.of(USER), SEEDED_MEMORIES, 42, model, System.out::println);
        seed.ensure();
        seed.restoreServiceTable();
        Map<String, String> environment = Map.of("DATABASE_URL", database.url().toUrl(), "CACHE_ENABLED", "false",
                "DB_PREPARED_STATEMENT_CACHE", prepared, "EMBEDDING_MODEL", model.name(),
                // Generous: the first connection of a busy shared machine, not the stage measured.
                "DB_ACQUIRE_TIMEOUT_MS", "30000", "DB_CONNECT_TIMEOUT_MS", "30000");
        Random random = new Random(7);
        AddMessages messages = new AddMessages(random, kind);

        try (MemoryEngine engine = MemoryEngine.create(EngineConfig.fromEnvironment(environment))) {
            for (int i = 0; i < WARM_UP; i++) {
                engine.add(messages.next()).block(WAIT);
            }
            double[] databaseMillis = new double[adds];
            double[] embeddingMillis = new double[adds];
            double[] addMillis = new double[adds];
            Map<MemoryEvent, Integer> events = new EnumMap<>(MemoryEvent.class);
            for (int i = 0; i < adds; i++) {
                StageTimings timings = new StageTimings();
                AddRequest request = messages.next();
                long started = System.nanoTime();
                AddResult result = timings.attachTo(engine.add(request)).block(WAIT);
                addMillis[i] = (System.nanoTime() - started) / 1e6;
                databaseMillis[i] = timings.millis().getOrDefault(StageTimings.Stage.DATABASE, 0.0);
                embeddingMillis[i] = timings.millis().getOrDefault(StageTimings.Stage.EMBEDDING, 0.0);
                for (FactResult fact : result.results()) {
                    events.merge(fact.event(), 1, Integer::sum);
                }
            }
            Arrays.sort(databaseMillis);
            Arrays.sort(embeddingMillis);
            Arrays.sort(addMillis);
            System.out.printf("adds %d (prepared statement cache %s), decisions %s%n", adds, prepared, events);
            System.out.printf("database stage ms: p50 %.2f  p95 %.2f   (embedding p50 %.2f, whole add p50 %.2f)%n",
                    Percentile.nearestRank(databaseMillis, 50), Percentile.nearestRank(databaseMillis, 95),
                    Percentile.nearestRank(embeddingMillis, 50), Percentile.nearestRank(addMillis, 50));
        }
        if (statementLog != null) {
            System.out.printf("statements per add: %.2f%n", statementsPerAdd(database, environment, messages, statementLog));
        }
    }

    /** Counts the statements of {@link #COUNTED_ADDS} adds in the server's log, for this database only. */
    private static double statementsPerAdd(BenchDatabase database, Map<String, String> environment, AddMessages messages,
                                           String logFile) throws SQLException {
        try (Connection admin = database.connect("add-stage-admin"); Statement s = admin.createStatement()) {
            s.execute("ALTER DATABASE " + DATABASE + " SET log_statement = 'all'");
            try {
                long before = size(s, logFile);
                // A fresh engine: the setting applies to connections opened from now on.
                try (MemoryEngine engine = MemoryEngine.create(EngineConfig.fromEnvironment(environment))) {
                    for (int i = 0; i < COUNTED_ADDS; i++) {
                        engine.add(messages.next()).block(WAIT);
                    }
                }
                long after = size(s, logFile);
                try (ResultSet r = s.executeQuery("SELECT pg_read_file('" + logFile + "', " + before + ", " + (after - before) + ")")) {
                    r.next();
                    long statements = r.getString(1).lines()
                            .filter(line -> line.contains("@" + DATABASE + " "))
                            .filter(line -> line.contains("LOG:  statement: ") || line.contains("LOG:  execute "))
                            .count();
                    return statements / (double) COUNTED_ADDS;
                }
            } finally {
                s.execute("ALTER DATABASE " + DATABASE + " RESET log_statement");
            }
        }
    }

    private static long size(Statement s, String file) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT size FROM pg_stat_file('" + file + "')")) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * The adds sent, one after the other: the workload's three-fact message, half of them under an idempotency key
     * as clients that retry send them; with {@code --new-facts}, a message whose three facts are new in their words
     * every time (each replaces the one before), none under a key, as the one-at-a-time phase sends them; with
     * {@code --unread-facts}, three facts new every time that the attribute table does not read, as most facts a
     * conversation yields are (64 % of the conversation set's), none under a key.
     */
    private static final class AddMessages {

        enum Kind { WORKLOAD, NEW_FACTS, UNREAD_FACTS }

        private final Random random;
        private final Kind kind;
        private int sent;

        AddMessages(Random random, Kind kind) {
            this.random = random;
            this.kind = kind;
        }

        AddRequest next() {
            String text = switch (kind) {
                case NEW_FACTS -> WorkloadPlan.newFactsMessage(random, sent++);
                case UNREAD_FACTS -> unreadFactsMessage(sent++);
                case WORKLOAD -> WorkloadPlan.message(random);
            };
            AddRequest request = AddRequest.of(USER, List.of(new Message("user", text)));
            return kind == Kind.WORKLOAD && random.nextBoolean() ? request.withIdempotencyKey(UUID.randomUUID().toString()) : request;
        }

        private static String unreadFactsMessage(int n) {
            return "Pepper ate " + (n + 2) + " of my socks last weekend. I'm doing the Christmas Day swim at Salthill with "
                    + (n + 2) + " friends. Marisol would walk to work, " + (n + 2) + " minutes each way, which she'd love.";
        }
    }
}

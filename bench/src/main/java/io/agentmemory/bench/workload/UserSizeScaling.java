package io.agentmemory.bench.workload;

import io.agentmemory.bench.data.BenchDatabase;
import io.agentmemory.bench.report.Percentile;
import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;
import io.agentmemory.engine.store.SchemaMigrator;
import io.agentmemory.engine.testing.TravelCorpus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How a search's time grows with the number of memories its user has. Search is exact over the user's own rows,
 * so its cost is linear in them: this measures the slope a deployer sizes by. Users of each size are copied from
 * the seeded memories (real texts and vectors), searched side by side, query by query, and removed afterwards.
 * Engine only, cache off and query vectors already computed, as the service role: the database work alone.
 */
public final class UserSizeScaling {

    /** @param addedMillisPer1000 the p50's growth per 1,000 memories since the previous (smaller) size; 0 for the first */
    public record SizeResult(int memories, double p50Millis, double p95Millis, double addedMillisPer1000, int searches) {
    }

    private static final int QUERIES = 40;
    private static final int ROUNDS = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String USER_PREFIX = "bench-user-size-";

    private UserSizeScaling() {
    }

    /**
     * @param seededUsers the users whose seeded memories are copied
     * @param sizes       memories per user to measure; sizes above the seeded memories available are left out
     */
    public static List<SizeResult> measure(BenchDatabase database, EmbeddingModel model, List<String> seededUsers,
                                           List<Integer> sizes, long seed) throws Exception {
        Map<Integer, String> users = new LinkedHashMap<>();
        try (Connection c = database.connect("bench-user-sizes")) {
            removeSizedUsers(c);
            int available = seededMemories(c, seededUsers);
            for (int size : sizes) {
                if (size <= available) {
                    users.put(size, copyMemories(c, seededUsers, USER_PREFIX + size, size));
                }
            }
            try (Statement analyze = c.createStatement()) {
                // As autovacuum would after such growth: the plan for a large user is the one a deployment gets.
                analyze.execute("ANALYZE memories");
            }
        }
        try {
            return search(database, model, users, seed);
        } finally {
            try (Connection c = database.connect("bench-user-sizes")) {
                removeSizedUsers(c);
            }
        }
    }

    private static List<SizeResult> search(BenchDatabase database, EmbeddingModel model, Map<Integer, String> users,
                                           long seed) throws Exception {
        Random random = new Random(seed * 17 + 3);
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < QUERIES; i++) {
            queries.add(TravelCorpus.query(random));
        }
        EngineConfig config = EngineConfig.fromEnvironment(Map.of(
                "DATABASE_URL", database.url().toUrl(),
                "DATABASE_USER", SchemaMigrator.DEFAULT_SERVICE_ROLE,
                "CACHE_ENABLED", "false",
                "CLIENT_NAME", "bench-user-sizes"));
        Map<Integer, List<Double>> millis = new LinkedHashMap<>();
        users.keySet().forEach(size -> millis.put(size, new ArrayList<>()));
        try (MemoryEngine engine = MemoryEngine.create(config, model, new RuleBasedFactExtractor())) {
            // The first round embeds the queries (kept in the engine) and reads the rows once; it is not timed.
            for (int round = 0; round <= ROUNDS; round++) {
                for (String query : queries) {
                    for (Map.Entry<Integer, String> user : users.entrySet()) {
                        long started = System.nanoTime();
                        engine.search(SearchRequest.of(user.getValue(), query).withLimit(WorkloadPlan.LIMIT)).block(WAIT);
                        if (round > 0) {
                            millis.get(user.getKey()).add((System.nanoTime() - started) / 1e6);
                        }
                    }
                }
            }
        }
        List<SizeResult> results = new ArrayList<>();
        millis.forEach((size, samples) -> {
            double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double p50 = Percentile.nearestRank(sorted, 50);
            SizeResult previous = results.isEmpty() ? null : results.get(results.size() - 1);
            // A search also has a fixed cost (parsing, planning, the round trip): the slope is what a memory adds.
            double slope = previous == null ? 0 : (p50 - previous.p50Millis()) * 1000 / (size - previous.memories());
            results.add(new SizeResult(size, rounded(p50), rounded(Percentile.nearestRank(sorted, 95)), rounded(slope),
                    sorted.length));
        });
        return results;
    }

    private static int seededMemories(Connection c, List<String> seededUsers) throws Exception {
        try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM memories WHERE user_id = ANY (?)")) {
            count.setArray(1, c.createArrayOf("text", seededUsers.toArray()));
            try (var rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** The first {@code size} seeded memories (by id, so the same on every run), as {@code user}'s own. */
    private static String copyMemories(Connection c, List<String> seededUsers, String user, int size) throws Exception {
        try (PreparedStatement copy = c.prepareStatement("""
                INSERT INTO memories (id, user_id, memory, memory_key, embedding, metadata, categories, created_at, updated_at)
                SELECT gen_random_uuid(), ?, memory, md5(id::text), embedding, metadata, categories, created_at, updated_at
                FROM memories WHERE user_id = ANY (?) ORDER BY id LIMIT ?""")) {
            copy.setString(1, user);
            copy.setArray(2, c.createArrayOf("text", seededUsers.toArray()));
            copy.setInt(3, size);
            copy.executeUpdate();
        }
        return user;
    }

    private static void removeSizedUsers(Connection c) throws Exception {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM memories WHERE user_id LIKE ?")) {
            delete.setString(1, USER_PREFIX + "%");
            delete.executeUpdate();
        }
    }

    private static double rounded(double millis) {
        return Math.round(millis * 100) / 100.0;
    }
}

package io.agentmemory.bench.workload;

import io.agentmemory.engine.api.SearchMode;
import io.agentmemory.bench.data.BenchDatabase;
import io.agentmemory.bench.data.ExactRanking;
import io.agentmemory.bench.report.Percentile;
import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.SearchResult;
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
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How a search's time grows with the number of memories its user has, for both semantic rankings side by side.
 * The default, exact ranking reads every table page holding the user's rows, which this reports beside the time;
 * {@code SEARCH_RANKING=codes} reads the user's entries of the code index and the candidates' pages, and its
 * recall@10 against an exact ranking is reported too. Measured side by side,
 * query by query: a seeded user; users of several sizes whose memories (copied from the seeded ones: real texts
 * and vectors) are written together, a few to a page; and a user of the seeded size whose memories are written in
 * turn with three other users', one to a page, as a real user's memories, added over months between other users'
 * adds, end up. The copies are removed afterwards. Engine only, cache off and query vectors already computed, as
 * the service role: the database work alone.
 */
public final class UserSizeScaling {

    /**
     * @param layout "seeded", "together" (copies written in one go) or "interleaved" (written in turn with others')
     * @param pages            table pages holding the user's rows: what an exact search reads
     * @param p50Millis        the default, exact ranking, as {@code p95Millis}
     * @param codesP50Millis   the same searches with {@code SEARCH_RANKING=codes}, timed in turn with them, as
     *                         {@code codesP95Millis}
     * @param searches         timed searches of each ranking
     * @param codesRecallAt10  of the codes' answers to the first {@value #RECALL_QUERIES} queries, against
     *                         {@link ExactRanking}
     */
    public record SizeResult(String layout, int memories, int pages, double p50Millis, double p95Millis,
                             double codesP50Millis, double codesP95Millis, int searches, double codesRecallAt10) {
    }

    private record MeasuredUser(String userId, String layout, int memories, int pages) {
    }

    private static final int QUERIES = 40;
    /** Each exact ranking reads the whole table: a sample of the queries is enough for recall. */
    private static final int RECALL_QUERIES = 20;
    private static final int ROUNDS = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String USER_PREFIX = "bench-user-size-";
    /** Users whose memories are written in turn for the interleaved layout (four rows fit a page). */
    private static final int INTERLEAVED_WRITERS = 4;

    private UserSizeScaling() {
    }

    /**
     * @param seededUsers the seeded users: the first is measured as it is, and all of them are copied from
     * @param sizes       memories per copied user, the first also measured interleaved; sizes above the seeded
     *                    memories available are left out
     */
    public static List<SizeResult> measure(BenchDatabase database, EmbeddingModel model, List<String> seededUsers,
                                           List<Integer> sizes, long seed) throws Exception {
        List<MeasuredUser> users = new ArrayList<>();
        // Fresh ids each run: an earlier run's copies, deleted but not yet vacuumed, would still be in the index
        // under the same id, and a search would visit every one of their pages.
        String run = Long.toString(System.currentTimeMillis(), 36);
        try (Connection c = database.connect("bench-user-sizes")) {
            removeSizedUsers(c);
            int available = seededMemories(c, seededUsers);
            List<String> copies = new ArrayList<>();
            String interleaved = null;
            for (int size : sizes) {
                if (size <= available) {
                    copies.add(copyMemories(c, seededUsers, USER_PREFIX + size + "-" + run + "-", size, 1));
                }
                if (interleaved == null && size * INTERLEAVED_WRITERS <= available) {
                    interleaved = copyMemories(c, seededUsers, USER_PREFIX + size + "-" + run + "-turn-", size, INTERLEAVED_WRITERS);
                }
            }
            try (Statement vacuum = c.createStatement()) {
                // As autovacuum would after such growth: the plan for a large user, and the visibility map that lets
                // the code index answer without the table, are those a deployment gets.
                vacuum.execute("VACUUM (ANALYZE) memories");
            }
            String seeded = seededUsers.get(0);
            users.add(new MeasuredUser(seeded, "seeded", seededMemories(c, List.of(seeded)), pagesOf(c, seeded)));
            for (String copy : copies) {
                users.add(new MeasuredUser(copy, "together", seededMemories(c, List.of(copy)), pagesOf(c, copy)));
                if (users.size() == 2 && interleaved != null) {
                    users.add(new MeasuredUser(interleaved, "interleaved", seededMemories(c, List.of(interleaved)),
                            pagesOf(c, interleaved)));
                }
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

    private static List<SizeResult> search(BenchDatabase database, EmbeddingModel model, List<MeasuredUser> users,
                                           long seed) throws Exception {
        Random random = new Random(seed * 17 + 3);
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < QUERIES; i++) {
            queries.add(TravelCorpus.query(random));
        }
        Map<String, String> settings = Map.of(
                "DATABASE_URL", database.url().toUrl(),
                "DATABASE_USER", SchemaMigrator.DEFAULT_SERVICE_ROLE,
                "CACHE_ENABLED", "false",
                "CLIENT_NAME", "bench-user-sizes");
        Map<String, String> codesSettings = new java.util.HashMap<>(settings);
        codesSettings.put("SEARCH_RANKING", "codes");
        // [user][0: exact, 1: codes]
        List<List<List<Double>>> millis = new ArrayList<>();
        users.forEach(user -> millis.add(List.of(new ArrayList<>(), new ArrayList<>())));
        List<List<List<String>>> answers = new ArrayList<>();
        users.forEach(user -> answers.add(new ArrayList<>()));
        try (MemoryEngine exactly = MemoryEngine.create(EngineConfig.fromEnvironment(settings), model, new RuleBasedFactExtractor());
             MemoryEngine codes = MemoryEngine.create(EngineConfig.fromEnvironment(codesSettings), model, new RuleBasedFactExtractor())) {
            List<MemoryEngine> engines = List.of(exactly, codes);
            // The first round embeds the queries (kept in the engine) and reads the rows once; it is not timed.
            for (int round = 0; round <= ROUNDS; round++) {
                for (String query : queries) {
                    for (int u = 0; u < users.size(); u++) {
                        for (int e = 0; e < engines.size(); e++) {
                            long started = System.nanoTime();
                            SearchResult result = engines.get(e).search(SearchRequest.of(users.get(u).userId(), query)
                                    .withLimit(WorkloadPlan.LIMIT).withMode(SearchMode.SEMANTIC)).block(WAIT);
                            if (round > 0) {
                                millis.get(u).get(e).add((System.nanoTime() - started) / 1e6);
                            } else if (e == 1 && answers.get(u).size() < RECALL_QUERIES) {
                                answers.get(u).add(result.results().stream().map(hit -> hit.id().toString()).toList());
                            }
                        }
                    }
                }
            }
        }
        ExactRanking exact = ExactRanking.ofServiceTable(database);
        List<SizeResult> results = new ArrayList<>();
        for (int u = 0; u < users.size(); u++) {
            MeasuredUser user = users.get(u);
            double[] sorted = sorted(millis.get(u).get(0));
            double[] sortedCodes = sorted(millis.get(u).get(1));
            results.add(new SizeResult(user.layout(), user.memories(), user.pages(), rounded(Percentile.nearestRank(sorted, 50)),
                    rounded(Percentile.nearestRank(sorted, 95)), rounded(Percentile.nearestRank(sortedCodes, 50)),
                    rounded(Percentile.nearestRank(sortedCodes, 95)), sorted.length,
                    recall(exact, model, user.userId(), queries, answers.get(u))));
        }
        return results;
    }

    private static double[] sorted(List<Double> millis) {
        return millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static double recall(ExactRanking exact, EmbeddingModel model, String userId, List<String> queries,
                                 List<List<String>> answers) throws Exception {
        int expected = 0;
        int found = 0;
        for (int q = 0; q < answers.size(); q++) {
            List<String> truth = exact.topK(userId, model.embedQuery(queries.get(q)), WorkloadPlan.LIMIT);
            expected += truth.size();
            found += (int) truth.stream().filter(answers.get(q)::contains).count();
        }
        return expected == 0 ? 1.0 : Math.round(1000.0 * found / expected) / 1000.0;
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

    /**
     * {@code writers} users of {@code size} memories each, copied from the first seeded memories (by id, so the
     * same on every run), their rows written in turn (one of each user, then the next of each): with one writer
     * a user's rows are written together, with four each page holds one row of each. Returns the first user.
     */
    private static String copyMemories(Connection c, List<String> seededUsers, String prefix, int size, int writers)
            throws Exception {
        try (PreparedStatement copy = c.prepareStatement("""
                INSERT INTO memories (id, user_id, memory, memory_key, embedding, metadata, categories, created_at, updated_at,
                                      embedding_model)
                SELECT gen_random_uuid(), ? || (s.n % ?), s.memory, md5(s.id::text), s.embedding, s.metadata, s.categories,
                       s.created_at, s.updated_at, s.embedding_model
                FROM (SELECT m.*, row_number() OVER (ORDER BY m.id) - 1 AS n FROM memories m
                      WHERE m.user_id = ANY (?) ORDER BY m.id LIMIT ?) s
                ORDER BY s.n""")) {
            copy.setString(1, prefix);
            copy.setInt(2, writers);
            copy.setArray(3, c.createArrayOf("text", seededUsers.toArray()));
            copy.setInt(4, size * writers);
            copy.executeUpdate();
        }
        return prefix + 0;
    }

    private static int pagesOf(Connection c, String user) throws Exception {
        try (PreparedStatement count = c.prepareStatement(
                "SELECT count(DISTINCT (ctid::text::point)[0]) FROM memories WHERE user_id = ?")) {
            count.setString(1, user);
            try (var rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Deletes the copies, and vacuums, so that they leave neither rows nor dead index entries behind. */
    private static void removeSizedUsers(Connection c) throws Exception {
        int removed;
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM memories WHERE user_id LIKE ?")) {
            delete.setString(1, USER_PREFIX + "%");
            removed = delete.executeUpdate();
        }
        if (removed > 0) {
            try (Statement vacuum = c.createStatement()) {
                vacuum.execute("VACUUM memories");
            }
        }
    }

    private static double rounded(double millis) {
        return Math.round(millis * 100) / 100.0;
    }
}

package io.agentmemory.bench.workload;

import io.agentmemory.bench.data.BenchDatabase;
import io.agentmemory.bench.report.Percentile;
import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchMode;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;
import io.agentmemory.engine.store.SchemaMigrator;
import io.agentmemory.engine.store.Vectors;
import io.agentmemory.engine.testing.RetrievalSet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Semantic, keyword and hybrid search side by side on the travel retrieval set the project ships: quality (hit@1
 * on queries naming exact codes and names, hit@3 on paraphrased questions) and latency of the engine's search
 * statement per mode (cache off, query vectors already computed, so the modes differ only in the database work),
 * as the service role under row-level security.
 */
public final class SearchModeComparison {

    public record ModeResult(String mode, double exactHitAt1, double paraphrasedHitAt3, double p50Millis, double p95Millis,
                             int searches) {
    }

    private static final int ROUNDS = 5;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private SearchModeComparison() {
    }

    public static List<ModeResult> measure(BenchDatabase database, EmbeddingModel model) throws Exception {
        RetrievalSet set = RetrievalSet.load();
        String user = "bench-search-modes";
        seed(database, model, user, set.memories());
        EngineConfig config = EngineConfig.fromEnvironment(Map.of(
                "DATABASE_URL", database.url().toUrl(),
                "DATABASE_USER", SchemaMigrator.DEFAULT_SERVICE_ROLE,
                "CACHE_ENABLED", "false",
                "CLIENT_NAME", "bench-search-modes"));
        List<ModeResult> results = new ArrayList<>();
        try (MemoryEngine engine = MemoryEngine.create(config, model, new RuleBasedFactExtractor())) {
            for (SearchMode mode : SearchMode.values()) {
                double exact = hitRate(engine, user, set, set.exactQueries(), mode, 1);
                double paraphrased = hitRate(engine, user, set, set.paraphrasedQueries(), mode, 3);
                List<Double> millis = new ArrayList<>();
                List<RetrievalSet.Query> all = new ArrayList<>(set.exactQueries());
                all.addAll(set.paraphrasedQueries());
                for (int round = 0; round < ROUNDS; round++) {
                    for (RetrievalSet.Query q : all) {
                        long started = System.nanoTime();
                        engine.search(SearchRequest.of(user, q.query()).withLimit(10).withMode(mode)).block(WAIT);
                        millis.add((System.nanoTime() - started) / 1e6);
                    }
                }
                double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                results.add(new ModeResult(mode.wireName(), exact, paraphrased, rounded(Percentile.nearestRank(sorted, 50)),
                        rounded(Percentile.nearestRank(sorted, 95)), sorted.length));
            }
        }
        return results;
    }

    private static double hitRate(MemoryEngine engine, String user, RetrievalSet set, List<RetrievalSet.Query> queries,
                                  SearchMode mode, int k) {
        int found = 0;
        for (RetrievalSet.Query q : queries) {
            List<SearchHit> hits = engine.search(SearchRequest.of(user, q.query()).withLimit(k).withMode(mode))
                    .block(WAIT).results();
            String expected = set.memories().get(q.memory());
            if (hits.stream().anyMatch(h -> h.memory().equals(expected))) {
                found++;
            }
        }
        return (double) found / queries.size();
    }

    /** Each memory its own row: the set holds deliberate near-duplicates that an add would merge. */
    private static void seed(BenchDatabase database, EmbeddingModel model, String user, List<String> memories) throws Exception {
        List<float[]> vectors = model.embedAll(memories);
        try (Connection c = database.connect("bench-search-modes")) {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM memories WHERE user_id = ?")) {
                delete.setString(1, user);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO memories (id, user_id, memory, memory_key, embedding, embedding_model) VALUES (?, ?, ?, ?, ?::vector, ?)")) {
                for (int i = 0; i < memories.size(); i++) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, user);
                    insert.setString(3, memories.get(i));
                    insert.setString(4, UUID.randomUUID().toString());
                    insert.setString(5, Vectors.toText(vectors.get(i)));
                    insert.setString(6, model.name());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    private static double rounded(double millis) {
        return Math.round(millis * 100) / 100.0;
    }
}

package io.agentmemory.bench.systems;

import com.zaxxer.hikari.HikariDataSource;
import io.agentmemory.bench.data.BenchDatabase;
import io.agentmemory.bench.data.ExactRanking;
import io.agentmemory.bench.data.SeedDataSet;
import io.agentmemory.bench.workload.SearchQuery;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.extraction.FactExtractor;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.pgvector.PgVectorStore;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Spring AI's {@code PgVectorStore} as its documentation sets it up: one table, the user id in the JSON metadata
 * and a filter expression on it, and the store's default HNSW index. That default is the pitfall the service's
 * design avoids: pgvector applies the filter after the approximate index scan, so a selective user filter sees
 * only the few of the ~40 nearest rows (of all users) that happen to be that user's, and recall falls.
 * Same model, same extractor, a HikariCP pool of 2 per environment.
 */
public final class SpringAiSystem extends PooledStoreSystem {

    public static final String CONNECTION_NAME = "bench-springai";
    private static final String USER_KEY = "userId";

    private final SeedDataSet seed;
    private final SpringAiEmbeddingModel model;
    private final FactExtractor extractor;

    public SpringAiSystem(BenchDatabase database, SeedDataSet seed, SpringAiEmbeddingModel model, FactExtractor extractor) {
        super(database, CONNECTION_NAME);
        this.seed = seed;
        this.model = model;
        this.extractor = extractor;
        try (HikariDataSource setup = setupPool()) {
            // Creates the extensions, the table and the HNSW index; the seeded rows are copied in by restoreData.
            store(setup).afterPropertiesSet();
        }
    }

    @Override
    public String name() {
        return "springai";
    }

    @Override
    public void restoreData() throws Exception {
        seed.restoreSpringAiTable(SeedDataSet.SPRING_AI_TABLE);
    }

    @Override
    protected SystemEnvironment environment(HikariDataSource pool) {
        PgVectorStore store = store(pool);
        store.afterPropertiesSet();
        return new StoreEnvironment(store);
    }

    @Override
    public ExactRanking exactRanking() {
        return ExactRanking.ofSpringAiTable(database);
    }

    private PgVectorStore store(HikariDataSource dataSource) {
        return PgVectorStore.builder(new JdbcTemplate(dataSource), model)
                .vectorTableName(SeedDataSet.SPRING_AI_TABLE)
                .dimensions(model.dimensions())
                .distanceType(PgVectorStore.PgDistanceType.COSINE_DISTANCE)
                .indexType(PgVectorStore.PgIndexType.HNSW)
                .initializeSchema(true)
                .build();
    }

    private final class StoreEnvironment implements SystemEnvironment {

        private final PgVectorStore store;

        StoreEnvironment(PgVectorStore store) {
            this.store = store;
        }

        @Override
        public int add(String userId, String message) {
            List<String> facts = extractor.extract(List.of(new Message("user", message)));
            if (facts.isEmpty()) {
                return 0;
            }
            store.add(facts.stream()
                    .map(fact -> new Document(UUID.randomUUID().toString(), fact, Map.of(USER_KEY, userId)))
                    .toList());
            return facts.size();
        }

        @Override
        public SearchAnswer search(SearchQuery query) {
            List<Document> documents = store.similaritySearch(SearchRequest.builder()
                    .query(query.query())
                    .topK(query.limit())
                    .filterExpression(USER_KEY + " == '" + query.userId() + "'")
                    .build());
            return new SearchAnswer(documents.stream().map(Document::getId).toList(), false);
        }

        /** Spring AI has no batch search: a loop of single searches. */
        @Override
        public List<SearchAnswer> searchBatch(List<SearchQuery> queries) {
            List<SearchAnswer> answers = new ArrayList<>(queries.size());
            for (SearchQuery query : queries) {
                answers.add(search(query));
            }
            return answers;
        }
    }
}

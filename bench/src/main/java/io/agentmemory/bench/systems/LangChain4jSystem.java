package io.agentmemory.bench.systems;

import com.zaxxer.hikari.HikariDataSource;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.filter.MetadataFilterBuilder;
import dev.langchain4j.store.embedding.pgvector.DefaultMetadataStorageConfig;
import dev.langchain4j.store.embedding.pgvector.MetadataStorageMode;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import io.agentmemory.bench.data.BenchDatabase;
import io.agentmemory.bench.data.ExactRanking;
import io.agentmemory.bench.data.SeedDataSet;
import io.agentmemory.bench.workload.SearchQuery;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.extraction.FactExtractor;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a Java team would likely build instead: LangChain4j's {@code PgVectorEmbeddingStore} over one table, the
 * user id as a metadata filter, the same model and the same fact extractor. It is given its best configuration:
 * the user id in a column of its own with a B-tree index (the default JSON metadata would make every search
 * scan all users' rows), no approximate index (its IVFFlat index filters after the scan and loses recall for a
 * selective user), and a HikariCP pool of 2 per environment, the service's own pool size.
 */
public final class LangChain4jSystem extends PooledStoreSystem {

    public static final String CONNECTION_NAME = "bench-langchain4j";
    private static final String USER_KEY = "user_id";

    private final SeedDataSet seed;
    private final LangChain4jEmbeddingModel model;
    private final FactExtractor extractor;

    public LangChain4jSystem(BenchDatabase database, SeedDataSet seed, LangChain4jEmbeddingModel model, FactExtractor extractor) {
        super(database, CONNECTION_NAME);
        this.seed = seed;
        this.model = model;
        this.extractor = extractor;
        // Building a store creates its table; the seeded rows are copied in by restoreData.
        try (HikariDataSource setup = setupPool()) {
            store(setup);
        }
    }

    @Override
    public String name() {
        return "langchain4j";
    }

    @Override
    public void restoreData() throws Exception {
        seed.restoreLangChain4jTable(SeedDataSet.LANGCHAIN4J_TABLE);
    }

    @Override
    protected SystemEnvironment environment(HikariDataSource pool) {
        return new StoreEnvironment(store(pool));
    }

    @Override
    public ExactRanking exactRanking() {
        return ExactRanking.ofLangChain4jTable(database);
    }

    private PgVectorEmbeddingStore store(DataSource dataSource) {
        return PgVectorEmbeddingStore.datasourceBuilder()
                .datasource(dataSource)
                .table(SeedDataSet.LANGCHAIN4J_TABLE)
                .dimension(model.dimension())
                .createTable(true)
                .useIndex(false)
                .metadataStorageConfig(DefaultMetadataStorageConfig.builder()
                        .storageMode(MetadataStorageMode.COLUMN_PER_KEY)
                        .columnDefinitions(List.of(USER_KEY + " text NULL"))
                        .indexes(List.of(USER_KEY))
                        .indexType("BTREE")
                        .build())
                .build();
    }

    private final class StoreEnvironment implements SystemEnvironment {

        private final PgVectorEmbeddingStore store;

        StoreEnvironment(PgVectorEmbeddingStore store) {
            this.store = store;
        }

        @Override
        public int add(String userId, String message) {
            List<String> facts = extractor.extract(List.of(new Message("user", message)));
            if (facts.isEmpty()) {
                return 0;
            }
            List<TextSegment> segments = facts.stream()
                    .map(fact -> TextSegment.from(fact, new Metadata().put(USER_KEY, userId)))
                    .toList();
            List<Embedding> embeddings = model.embedAll(segments).content();
            List<String> ids = segments.stream().map(s -> UUID.randomUUID().toString()).toList();
            store.addAll(ids, embeddings, segments);
            return facts.size();
        }

        @Override
        public SearchAnswer search(SearchQuery query) {
            return search(query, model.embed(query.query()).content());
        }

        /** LangChain4j has no batch search: the queries are embedded in one model call, then searched one by one. */
        @Override
        public List<SearchAnswer> searchBatch(List<SearchQuery> queries) {
            List<Embedding> embeddings = model.embedAll(queries.stream().map(q -> TextSegment.from(q.query())).toList()).content();
            List<SearchAnswer> answers = new ArrayList<>(queries.size());
            for (int i = 0; i < queries.size(); i++) {
                answers.add(search(queries.get(i), embeddings.get(i)));
            }
            return answers;
        }

        private SearchAnswer search(SearchQuery query, Embedding embedding) {
            List<EmbeddingMatch<TextSegment>> matches = store.search(EmbeddingSearchRequest.builder()
                    .queryEmbedding(embedding)
                    .maxResults(query.limit())
                    .filter(MetadataFilterBuilder.metadataKey(USER_KEY).isEqualTo(query.userId()))
                    .build()).matches();
            return new SearchAnswer(matches.stream().map(EmbeddingMatch::embeddingId).toList(), false);
        }
    }
}

package io.agentmemory.bench.systems;

import io.agentmemory.bench.data.BenchDatabase;
import io.agentmemory.bench.data.ExactRanking;
import io.agentmemory.bench.data.SeedDataSet;
import io.agentmemory.bench.workload.SearchQuery;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.extraction.FactExtractor;
import io.agentmemory.engine.extraction.TextNormalizer;
import io.agentmemory.engine.store.Vectors;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A port of the Python service this project replaces, kept faithful to its costs: one server process whose
 * request handlers hand every blocking call to a thread pool and wait for it ({@code asyncio.to_thread}: the
 * default executor has min(32, cpus + 4) threads), a new database connection for every operation, no cache,
 * a batch search that is a loop of single searches, and an add that embeds and inserts each fact on its own.
 */
public final class OriginalDesignSystem implements MemorySystem {

    public static final String CONNECTION_NAME = "bench-original";
    private static final String SEARCH_SQL = "SELECT id, memory, 1 - (embedding <=> ?::vector) AS score FROM " + SeedDataSet.ORIGINAL_TABLE + " "
            + "WHERE user_id = ? ORDER BY embedding <=> ?::vector LIMIT ?";
    private static final String INSERT_SQL = "INSERT INTO " + SeedDataSet.ORIGINAL_TABLE + " (id, user_id, memory, memory_key, embedding) "
            + "VALUES (?, ?, ?, ?, ?::vector) ON CONFLICT (user_id, memory_key) DO UPDATE SET updated_at = clock_timestamp()";

    private final BenchDatabase database;
    private final SeedDataSet seed;
    private final EmbeddingModel model;
    private final FactExtractor extractor;
    private final AtomicLong connectionsOpened = new AtomicLong();
    private final ExecutorService toThread =
            Executors.newFixedThreadPool(Math.min(32, Runtime.getRuntime().availableProcessors() + 4));

    public OriginalDesignSystem(BenchDatabase database, SeedDataSet seed, EmbeddingModel model, FactExtractor extractor) {
        this.database = database;
        this.seed = seed;
        this.model = model;
        this.extractor = extractor;
    }

    @Override
    public String name() {
        return "original";
    }

    @Override
    public void restoreData() throws Exception {
        seed.restoreOriginalTable();
    }

    @Override
    public List<SystemEnvironment> openEnvironments(int count) {
        // One server process; the workers are its concurrent clients.
        return Collections.nCopies(count, new Handlers());
    }

    @Override
    public ExactRanking exactRanking() {
        return ExactRanking.ofOriginalTable(database);
    }

    @Override
    public String connectionNamePrefix() {
        return CONNECTION_NAME;
    }

    @Override
    public int environmentsHoldingConnections(int workers) {
        return 1;
    }

    @Override
    public OptionalLong connectionsOpened() {
        return OptionalLong.of(connectionsOpened.get());
    }

    @Override
    public void close() {
        toThread.shutdownNow();
    }

    private Connection connect() throws java.sql.SQLException {
        connectionsOpened.incrementAndGet();
        return database.connect(CONNECTION_NAME);
    }

    private final class Handlers implements SystemEnvironment {

        @Override
        public int add(String userId, String message) throws Exception {
            List<String> facts = extractor.extract(List.of(new Message("user", message)));
            return awaitInThread(() -> {
                try (Connection c = connect();
                     PreparedStatement insert = c.prepareStatement(INSERT_SQL)) {
                    for (String fact : facts) {
                        insert.setObject(1, UUID.randomUUID());
                        insert.setString(2, userId);
                        insert.setString(3, fact);
                        insert.setString(4, TextNormalizer.key(fact));
                        insert.setString(5, Vectors.toText(model.embed(fact)));
                        insert.executeUpdate();
                    }
                }
                return facts.size();
            });
        }

        @Override
        public SearchAnswer search(SearchQuery query) throws Exception {
            return awaitInThread(() -> searchBlocking(query));
        }

        @Override
        public List<SearchAnswer> searchBatch(List<SearchQuery> queries) throws Exception {
            List<SearchAnswer> answers = new ArrayList<>(queries.size());
            for (SearchQuery query : queries) {
                answers.add(search(query));
            }
            return answers;
        }

        private SearchAnswer searchBlocking(SearchQuery query) throws Exception {
            String vector = Vectors.toText(model.embedQuery(query.query()));
            try (Connection c = connect();
                 PreparedStatement search = c.prepareStatement(SEARCH_SQL)) {
                search.setString(1, vector);
                search.setString(2, query.userId());
                search.setString(3, vector);
                search.setInt(4, query.limit());
                List<String> ids = new ArrayList<>(query.limit());
                try (ResultSet rs = search.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString("id"));
                    }
                }
                return new SearchAnswer(ids, false);
            }
        }

        private <T> T awaitInThread(Callable<T> blocking) throws Exception {
            try {
                return toThread.submit(blocking).get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }
}

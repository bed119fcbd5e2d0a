package io.agentmemory.engine;

import io.agentmemory.engine.api.SearchMode;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.DirectSeeder;
import io.agentmemory.engine.testing.SharedEngineTest;
import io.agentmemory.engine.testing.TestServices;
import io.agentmemory.engine.testing.TravelCorpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * recall@10 of the engine's search against an exact ranking computed here, on 20,000 memories over 200 users
 * (embedded with the real model). The filtered-approximate-index pitfall shows up exactly here: too few or
 * wrong hits for one user among many.
 */
class RecallTest extends SharedEngineTest {

    private static final int USERS = 200;
    private static final int PER_USER = 100;
    private static final List<String> users = new ArrayList<>();
    private static final List<List<String>> texts = new ArrayList<>();
    private static final List<List<float[]>> vectors = new ArrayList<>();

    @BeforeAll
    static void seed() throws Exception {
        EmbeddingModel model = engine.embeddingModel();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Random random = new Random(42);
        try (Connection c = TestServices.get().jdbc()) {
            c.setAutoCommit(false);
            for (int u = 0; u < USERS; u++) {
                String user = "recall-" + run + "-" + u;
                users.add(user);
                List<String> facts = TravelCorpus.facts(random, PER_USER);
                List<float[]> embedded = model.embedAll(facts);
                texts.add(facts);
                vectors.add(embedded);
                DirectSeeder.insert(c, user, facts, embedded, model.name());
            }
            c.commit();
        }
    }

    @Test
    void recallAtTenAgainstExactSearchIsAtLeast98Percent() {
        Random random = new Random(7);
        int found = 0;
        int expected = 0;
        List<SearchRequest> batch = new ArrayList<>();
        List<Set<String>> truths = new ArrayList<>();
        for (int q = 0; q < 100; q++) {
            int u = random.nextInt(USERS);
            String query = TravelCorpus.query(random);
            float[] qv = engine.embeddingModel().embedQuery(query);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < PER_USER; i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingDouble(i -> -DirectSeeder.dot(qv, vectors.get(u).get(i))));
            Set<String> truth = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                truth.add(texts.get(u).get(order.get(i)));
            }
            List<SearchHit> hits = engine.search(SearchRequest.of(users.get(u), query).withLimit(10).withMode(SearchMode.SEMANTIC)).block(WAIT).results();
            assertThat(hits).hasSize(10);
            for (SearchHit hit : hits) {
                if (truth.contains(hit.memory())) {
                    found++;
                }
            }
            expected += 10;
            batch.add(SearchRequest.of(users.get(u), query).withLimit(10).withMode(SearchMode.SEMANTIC));
            truths.add(truth);
        }
        double recall = (double) found / expected;
        assertThat(recall).isGreaterThanOrEqualTo(0.98);

        engine.invalidate(batch.get(0).userId()).block(WAIT);
        var answers = engine.searchBatch(batch).block(WAIT);
        int batchFound = 0;
        for (int q = 0; q < batch.size(); q++) {
            for (SearchHit hit : answers.get(q).result().results()) {
                if (truths.get(q).contains(hit.memory())) {
                    batchFound++;
                }
            }
        }
        assertThat((double) batchFound / expected).isGreaterThanOrEqualTo(0.98);
    }
}

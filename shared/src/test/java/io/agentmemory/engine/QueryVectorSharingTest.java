package io.agentmemory.engine;

import io.agentmemory.engine.api.SearchMode;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.SearchResult;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.ForwardingEmbeddingModel;
import io.agentmemory.engine.testing.TwoEnvironments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A query text is embedded once across environments: two engines (two execution environments) share the cache,
 * and the second finds the vector the first computed, even after the user's cached results were invalidated.
 */
class QueryVectorSharingTest {

    private static TwoEnvironments<CountingModel> environments;

    @BeforeAll
    static void start() {
        environments = new TwoEnvironments<>(CountingModel::new);
    }

    @AfterAll
    static void stop() {
        environments.close();
    }

    @Test
    void aVectorComputedInOneEnvironmentIsReusedByAnotherAfterInvalidation() {
        String user = newUser();
        EngineFixture.store(environments.first, user, "Prefers window seats", "Is vegetarian");
        SearchRequest request = SearchRequest.of(user, "which seat should I book on the plane");
        int firstBefore = environments.firstModel.queries.get();
        SearchResult computed = environments.first.search(request).block(WAIT);
        assertThat(environments.firstModel.queries.get()).isEqualTo(firstBefore + 1);
        // The cache fill is sent before the answer, on the same connection as this look-up: it is there now.
        assertThat(environments.first.search(request).block(WAIT).cached()).isTrue();

        environments.second.invalidate(user).block(WAIT);
        int secondBefore = environments.secondModel.queries.get();
        SearchResult reused = environments.second.search(request).block(WAIT);

        assertThat(reused.cached()).isFalse();
        assertThat(environments.secondModel.queries.get()).as("the second environment embedded nothing").isEqualTo(secondBefore);
        assertThat(reused.results()).extracting(h -> h.memory()).isEqualTo(computed.results().stream().map(h -> h.memory()).toList());
        assertThat(reused.results().get(0).score()).isEqualTo(computed.results().get(0).score());
    }

    @Test
    void aKeywordSearchNeverCallsTheModel() {
        String user = newUser();
        EngineFixture.store(environments.first, user, "Booked flight LH-4411 to Lisbon");
        int before = environments.firstModel.queries.get();
        SearchResult result = environments.first.search(SearchRequest.of(user, "LH-4411").withMode(SearchMode.KEYWORD)).block(WAIT);
        assertThat(result.results()).extracting(h -> h.memory()).containsExactly("Booked flight LH-4411 to Lisbon");
        assertThat(environments.firstModel.queries.get()).isEqualTo(before);
    }

    /** The real model, counting the query texts it is asked to embed one at a time. */
    private static final class CountingModel extends ForwardingEmbeddingModel {
        private final AtomicInteger queries = new AtomicInteger();

        CountingModel(EmbeddingModel model) {
            super(model);
        }

        @Override
        public float[] embed(String text) {
            queries.incrementAndGet();
            return model.embed(text);
        }
    }
}

package io.agentmemory.engine.store;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchMode;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Switching models: memories written with all-MiniLM-L6-v2 are not ranked by e5's vectors until re-embedded (two
 * models' cosines are not comparable), keyword ranking still finds them, and the batched re-embedding resumes where a
 * stopped run left off.
 */
class ReembeddingTest {

    @Test
    void memoriesOfTheOldModelAreReembeddedInResumableBatchesAndThenRankedByTheNewOne() {
        String user = EngineFixture.newUser();
        try (MemoryEngine old = EngineFixture.engine(TestServices.get().config(Map.of("EMBEDDING_MODEL", "all-minilm-l6-v2-q")))) {
            EngineFixture.store(old, user, "Prefers window seats on long flights", "Is allergic to peanuts",
                    "Budget is about 2,000 EUR for the trip to Lisbon");
        }
        try (MemoryEngine current = EngineFixture.engine()) {
            assertThat(current.embeddingModel().name()).isEqualTo("e5-small-v2-q");
            assertThat(search(current, user, "where does the traveller like to sit?", SearchMode.SEMANTIC)).isEmpty();
            assertThat(search(current, user, "window seats", SearchMode.KEYWORD)).extracting(SearchHit::memory)
                    .containsExactly("Prefers window seats on long flights");

            DatabaseUrl owner = TestServices.get().databaseUrl();
            Reembedding.Progress stopped = Reembedding.run(owner, current.embeddingModel(), 2, 1, line -> { });
            assertThat(stopped.reembedded()).isEqualTo(2);
            assertThat(stopped.remaining()).isEqualTo(1);
            Reembedding.Progress resumed = Reembedding.run(owner, current.embeddingModel(), 2, 0, line -> { });
            assertThat(resumed.reembedded()).isEqualTo(1);
            assertThat(resumed.remaining()).isZero();

            current.invalidate(user).block(WAIT);
            assertThat(search(current, user, "where does the traveller like to sit?", SearchMode.SEMANTIC))
                    .extracting(SearchHit::memory).first().isEqualTo("Prefers window seats on long flights");
        }
    }

    private static List<SearchHit> search(MemoryEngine engine, String user, String query, SearchMode mode) {
        return engine.search(SearchRequest.of(user, query).withMode(mode).withLimit(3)).block(WAIT).results();
    }
}

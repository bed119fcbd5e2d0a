package io.agentmemory.engine;

import io.agentmemory.engine.api.BatchItemResult;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.SearchResult;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.SharedEngineTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

/** The four defects of the service this one replaces, each pinned by a test so it can't come back. */
class KnownDefectsTest extends SharedEngineTest {

    @Test
    void scoreIsASimilarityAndTheThresholdKeepsTheBestMatchesNotTheWorst() {
        String user = newUser();
        EngineFixture.store(engine, user, "Prefers window seats on long flights", "Is allergic to peanuts");
        SearchResult all = engine.search(SearchRequest.of(user, "window seat on a plane")).block(WAIT);
        assertThat(all.results()).extracting(SearchHit::score).allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
        assertThat(all.results().get(0).memory()).isEqualTo("Prefers window seats on long flights");
        assertThat(all.results().get(0).score()).isGreaterThan(all.results().get(1).score());
        double cut = (all.results().get(0).score() + all.results().get(1).score()) / 2;
        SearchResult kept = engine.search(SearchRequest.of(user, "window seat on a plane").withThreshold(cut)).block(WAIT);
        assertThat(kept.results()).extracting(SearchHit::memory).containsExactly("Prefers window seats on long flights");
        assertThat(kept.results()).allSatisfy(h -> assertThat(h.score()).isGreaterThanOrEqualTo(cut));
    }

    @Test
    void aWriteInvalidatesTheUsersCachedResultsSoNothingStaleIsServed() {
        String user = newUser();
        EngineFixture.store(engine, user, "Prefers window seats");
        SearchRequest query = SearchRequest.of(user, "seat preference");
        engine.search(query).block(WAIT);
        assertThat(engine.search(query).block(WAIT).cached()).isTrue();
        EngineFixture.store(engine, user, "Prefers aisle seats on short flights");
        SearchResult after = engine.search(query).block(WAIT);
        assertThat(after.cached()).isFalse();
        assertThat(after.results()).extracting(SearchHit::memory).contains("Prefers aisle seats on short flights");
    }

    @Test
    void twoBatchQueriesForOneUserAreAnsweredSeparatelyInInputOrder() {
        String user = newUser();
        EngineFixture.store(engine, user, "Budget is about 2,000 EUR", "Is vegetarian");
        List<BatchItemResult> results = engine.searchBatch(List.of(
                SearchRequest.of(user, "how much money").withLimit(1),
                SearchRequest.of(user, "food restrictions").withLimit(1))).block(WAIT);
        assertThat(results).hasSize(2);
        assertThat(results.get(0).result().results().get(0).memory()).isEqualTo("Budget is about 2,000 EUR");
        assertThat(results.get(1).result().results().get(0).memory()).isEqualTo("Is vegetarian");
    }

    @Test
    void invalidationHasFinishedWhenTheWriteAnswers() {
        String user = newUser();
        EngineFixture.store(engine, user, "Prefers trains");
        SearchRequest query = SearchRequest.of(user, "transport");
        engine.search(query).block(WAIT);
        // The very next call after the write's answer, with no waiting: a background invalidation would lose this race.
        EngineFixture.store(engine, user, "Prefers night trains to planes");
        assertThat(engine.search(query).block(WAIT).cached()).isFalse();
        engine.search(query).block(WAIT);
        engine.invalidate(user).block(WAIT);
        assertThat(engine.search(query).block(WAIT).cached()).isFalse();
    }
}

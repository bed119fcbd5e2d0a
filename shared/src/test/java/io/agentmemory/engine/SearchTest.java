package io.agentmemory.engine;

import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.BatchItemResult;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchFilters;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.SearchResult;
import io.agentmemory.engine.api.ValidationException;
import io.agentmemory.engine.testing.DirectSeeder;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.SharedEngineTest;
import io.agentmemory.engine.testing.MixedBatchScenario;
import io.agentmemory.engine.testing.TestServices;
import io.agentmemory.engine.testing.TravelCorpus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

class SearchTest extends SharedEngineTest {

    @Test
    void theMostRelevantMemoryRanksFirstWithASimilarityScore() {
        String user = newUser();
        EngineFixture.store(engine, user, "Prefers window seats on flights", "Is vegetarian", "Loves hiking in the Alps");
        SearchResult result = engine.search(SearchRequest.of(user, "where does the user like to sit on a plane?")).block(WAIT);
        assertThat(result.results()).hasSize(3);
        assertThat(result.results().get(0).memory()).isEqualTo("Prefers window seats on flights");
        assertThat(result.results()).extracting(SearchHit::score).isSortedAccordingTo((a, b) -> Double.compare(b, a))
                .allMatch(s -> s >= 0 && s <= 1);
    }

    @Test
    void thresholdKeepsOnlyHitsAtLeastThatSimilar() {
        String user = newUser();
        EngineFixture.store(engine, user, "Prefers window seats on flights", "Is allergic to peanuts");
        SearchResult all = engine.search(SearchRequest.of(user, "window seat")).block(WAIT);
        double best = all.results().get(0).score();
        double worst = all.results().get(1).score();
        double between = (best + worst) / 2;
        SearchResult kept = engine.search(SearchRequest.of(user, "window seat").withThreshold(between)).block(WAIT);
        assertThat(kept.results()).singleElement().satisfies(h -> {
            assertThat(h.memory()).isEqualTo("Prefers window seats on flights");
            assertThat(h.score()).isGreaterThanOrEqualTo(between);
        });
    }

    @Test
    void limitCapsTheHitsAndAUserWithEnoughMemoriesAlwaysGetsThatMany() {
        String user = newUser();
        // Seeded directly: thirty near-identical facts would rightly be merged by the engine's decisions.
        DirectSeeder.seed(engine.embeddingModel(), user, TravelCorpus.facts(new Random(3), 30));
        assertThat(engine.search(SearchRequest.of(user, "city trip").withLimit(25)).block(WAIT).results()).hasSize(25);
        assertThat(engine.search(SearchRequest.of(user, "city trip").withLimit(3)).block(WAIT).results()).hasSize(3);
    }

    @Test
    void filtersNarrowByCategorySessionAndMetadata() {
        String user = newUser();
        engine.add(AddRequest.of(user, List.of(new Message("user", "Likes sushi"))).withInfer(false)
                .withCategories(List.of("food")).withSession("s1").withMetadata(Map.of("trip", "japan"))).block(WAIT);
        engine.add(AddRequest.of(user, List.of(new Message("user", "Likes ramen"))).withInfer(false)
                .withCategories(List.of("food", "japan")).withSession("s2").withMetadata(Map.of("trip", "tokyo"))).block(WAIT);
        engine.add(AddRequest.of(user, List.of(new Message("user", "Likes temples"))).withInfer(false)
                .withCategories(List.of("sights")).withSession("s1")).block(WAIT);
        SearchRequest base = SearchRequest.of(user, "japanese food");
        assertThat(memories(engine.search(base.withFilters(new SearchFilters(List.of("food"), null, null))).block(WAIT)))
                .containsExactlyInAnyOrder("Likes sushi", "Likes ramen");
        assertThat(memories(engine.search(base.withFilters(new SearchFilters(null, "s1", null))).block(WAIT)))
                .containsExactlyInAnyOrder("Likes sushi", "Likes temples");
        assertThat(memories(engine.search(base.withFilters(new SearchFilters(null, null, Map.of("trip", "tokyo")))).block(WAIT)))
                .containsExactly("Likes ramen");
        assertThat(memories(engine.search(base.withFilters(new SearchFilters(List.of("sights"), "s2", null))).block(WAIT)))
                .isEmpty();
    }

    @Test
    void aRepeatedSearchIsServedFromTheCacheUntilAWriteInvalidatesIt() {
        String user = newUser();
        EngineFixture.store(engine, user, "Prefers window seats");
        SearchRequest request = SearchRequest.of(user, "seat preference");
        assertThat(engine.search(request).block(WAIT).cached()).isFalse();
        SearchResult second = engine.search(request).block(WAIT);
        assertThat(second.cached()).isTrue();
        assertThat(memories(second)).containsExactly("Prefers window seats");

        EngineFixture.store(engine, user, "Is a vegan");
        SearchResult afterWrite = engine.search(request).block(WAIT);
        assertThat(afterWrite.cached()).isFalse();
        assertThat(memories(afterWrite)).contains("Prefers window seats", "Is a vegan");
    }

    @Test
    void aSearchAskedAgainTheMomentItHasAnsweredFindsItsCachedResult() {
        String user = newUser();
        EngineFixture.store(engine, user, "Prefers window seats", "Is vegetarian");
        // The fill is sent after the answer: the look-up right behind it must still come after it, every time.
        for (int i = 0; i < 30; i++) {
            SearchRequest request = SearchRequest.of(user, "seat preference " + i);
            assertThat(engine.search(request).block(WAIT).cached()).isFalse();
            assertThat(engine.search(request).block(WAIT).cached()).as("asked again right away, round %d", i).isTrue();
        }
    }

    @Test
    void explicitInvalidationDropsCachedResults() {
        String user = newUser();
        EngineFixture.store(engine, user, "Prefers window seats");
        SearchRequest request = SearchRequest.of(user, "seats");
        engine.search(request).block(WAIT);
        assertThat(engine.search(request).block(WAIT).cached()).isTrue();
        engine.invalidate(user).block(WAIT);
        assertThat(engine.search(request).block(WAIT).cached()).isFalse();
    }

    @Test
    void batchAnswersEveryQueryInInputOrderEvenTwoForOneUser() {
        String alice = newUser();
        String bob = newUser();
        EngineFixture.store(engine, alice, "Prefers window seats", "Is vegetarian");
        EngineFixture.store(engine, bob, "Travels with two dogs");
        List<BatchItemResult> results = engine.searchBatch(List.of(
                SearchRequest.of(alice, "diet").withLimit(1),
                SearchRequest.of(bob, "pets").withLimit(1),
                SearchRequest.of(alice, "seat on the plane").withLimit(1))).block(WAIT);
        assertThat(results).hasSize(3).noneMatch(BatchItemResult::isError);
        assertThat(memories(results.get(0).result())).containsExactly("Is vegetarian");
        assertThat(memories(results.get(1).result())).containsExactly("Travels with two dogs");
        assertThat(memories(results.get(2).result())).containsExactly("Prefers window seats");
    }

    @Test
    void inABatchEachSearchKeepsItsOwnFiltersAndModeAndTheOthersStayUnfiltered() {
        MixedBatchScenario.runAndCheck(engine);
    }

    @Test
    void aBadBatchItemFailsAloneInItsSlot() {
        String user = newUser();
        EngineFixture.store(engine, user, "Is vegetarian");
        List<BatchItemResult> results = engine.searchBatch(List.of(
                SearchRequest.of(user, "food"),
                SearchRequest.of(user, "").withLimit(0),
                SearchRequest.of("bad user id with spaces", "food"))).block(WAIT);
        assertThat(results.get(0).isError()).isFalse();
        assertThat(results.get(1).error()).isInstanceOf(ValidationException.class);
        assertThat(((ValidationException) results.get(1).error()).errors())
                .extracting(e -> e.field()).contains("searches[1].query", "searches[1].limit");
        assertThat(((ValidationException) results.get(2).error()).errors())
                .extracting(e -> e.field()).containsExactly("searches[2].userId");
    }

    @Test
    void batchResultsMatchSingleSearchesAndAreCachedForThem() {
        String user = newUser();
        EngineFixture.store(engine, user, "Prefers window seats", "Is vegetarian", "Loves museums");
        List<SearchRequest> requests = List.of(SearchRequest.of(user, "art"), SearchRequest.of(user, "food"));
        List<BatchItemResult> batch = engine.searchBatch(requests).block(WAIT);
        for (int i = 0; i < requests.size(); i++) {
            SearchResult single = engine.search(requests.get(i)).block(WAIT);
            assertThat(single.cached()).isTrue();
            assertThat(memories(single)).isEqualTo(memories(batch.get(i).result()));
        }
    }

    @Test
    void aBatchLargeEnoughToSplitAnswersLikeSingleSearchesInInputOrder() {
        // 40 misses over three users: the batch is answered in two halves at once (on a machine with two cores),
        // and neither the halves' seam nor their concurrency may change or reorder a result.
        List<String> users = List.of(newUser(), newUser(), newUser());
        EngineFixture.store(engine, users.get(0), "Prefers window seats", "Is vegetarian", "Loves museums", "Budget is about 2,000 EUR");
        EngineFixture.store(engine, users.get(1), "Prefers aisle seats", "Is allergic to peanuts", "Loves hiking");
        EngineFixture.store(engine, users.get(2), "Travels with a dog", "Prefers night trains", "Hates early flights");
        String[] questions = {"seat", "food", "art", "money", "pets", "trains", "mornings", "outdoors"};
        List<SearchRequest> requests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            requests.add(SearchRequest.of(users.get(i % 3), questions[i % questions.length] + " " + i).withLimit(1 + i % 3));
        }
        List<BatchItemResult> batch = engine.searchBatch(requests).block(WAIT);
        try (MemoryEngine uncached = EngineFixture.engine(TestServices.get().config(Map.of("CACHE_ENABLED", "false")))) {
            assertThat(batch).hasSize(requests.size());
            for (int i = 0; i < requests.size(); i++) {
                SearchResult single = uncached.search(requests.get(i)).block(WAIT);
                SearchResult fromBatch = batch.get(i).result();
                assertThat(fromBatch.cached()).isFalse();
                assertThat(memories(fromBatch)).as("search %d", i).isEqualTo(memories(single)).hasSize(1 + i % 3);
                assertThat(fromBatch.results()).extracting(SearchHit::score)
                        .containsExactlyElementsOf(single.results().stream().map(SearchHit::score).toList());
            }
        }
    }

    static List<String> memories(SearchResult result) {
        return result.results().stream().map(SearchHit::memory).toList();
    }
}

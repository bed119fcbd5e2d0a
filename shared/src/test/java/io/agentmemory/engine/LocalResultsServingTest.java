package io.agentmemory.engine;

import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.SearchResult;
import io.agentmemory.engine.api.UserContext;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.observability.StageTimings;
import io.agentmemory.engine.observability.StageTimings.Stage;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.OwnRedis;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A result (or travel context) an environment computed or fetched is kept in its own memory and served again
 * without the shared cache, under the same rule as a shared entry: only at the user's current revision, only while
 * no memory in it has expired. Two engines are two Lambda environments: one answers, the other writes.
 */
class LocalResultsServingTest {

    private static MemoryEngine answering;
    private static MemoryEngine writing;

    @BeforeAll
    static void environments() {
        answering = EngineFixture.engine(TestServices.get().config(Map.of("CLIENT_NAME", "local-results-answering")));
        writing = EngineFixture.engine(TestServices.get().config(Map.of("CLIENT_NAME", "local-results-writing")));
    }

    @AfterAll
    static void close() {
        answering.close();
        writing.close();
    }

    private static List<String> memories(SearchResult result) {
        return result.results().stream().map(SearchHit::memory).toList();
    }

    @Test
    void aRepeatedSearchIsServedWithoutTheSharedCache() throws Exception {
        Assumptions.assumeTrue(OwnRedis.available(), "redis-server is not installed (scripts/provision-redis.sh installs it)");
        try (OwnRedis redis = new OwnRedis();
             MemoryEngine engine = EngineFixture.engine(TestServices.get().config(Map.of("REDIS_URL", redis.url())))) {
            String user = newUser();
            EngineFixture.store(engine, user, "Prefers window seats", "Is vegetarian");
            SearchRequest query = SearchRequest.of(user, "seat preference");
            assertThat(engine.search(query).block(WAIT).cached()).isFalse();
            redis.kill();
            SearchResult again = engine.search(query).block(WAIT);
            assertThat(again.cached()).as("served from the environment's own copy").isTrue();
            assertThat(memories(again)).containsExactly("Prefers window seats", "Is vegetarian");
        }
    }

    @Test
    void aWriteInAnotherEnvironmentMakesTheCopyUnservable() {
        String user = newUser();
        EngineFixture.store(writing, user, "Prefers window seats");
        SearchRequest query = SearchRequest.of(user, "travel preferences");
        answering.search(query).block(WAIT);
        assertThat(answering.search(query).block(WAIT).cached()).isTrue();

        EngineFixture.store(writing, user, "Travels with a dog named Bella");
        SearchResult afterWrite = answering.search(query).block(WAIT);
        assertThat(afterWrite.cached()).isFalse();
        assertThat(memories(afterWrite)).contains("Prefers window seats", "Travels with a dog named Bella");
        assertThat(answering.search(query).block(WAIT).cached()).as("the new result is kept in turn").isTrue();
    }

    @Test
    void anInvalidationInAnotherEnvironmentMakesTheCopyUnservable() {
        String user = newUser();
        EngineFixture.store(writing, user, "Prefers trains");
        SearchRequest query = SearchRequest.of(user, "transport");
        answering.search(query).block(WAIT);
        assertThat(answering.search(query).block(WAIT).cached()).isTrue();
        writing.invalidate(user).block(WAIT);
        assertThat(answering.search(query).block(WAIT).cached()).isFalse();
    }

    @Test
    void anErasureInAnotherEnvironmentLeavesNothingToServe() {
        String user = newUser();
        EngineFixture.store(writing, user, "Home airport is Munich");
        SearchRequest query = SearchRequest.of(user, "airport");
        answering.search(query).block(WAIT);
        assertThat(answering.search(query).block(WAIT).cached()).isTrue();
        writing.deleteAll(user).block(WAIT);
        SearchResult afterErasure = answering.search(query).block(WAIT);
        assertThat(afterErasure.cached()).isFalse();
        assertThat(afterErasure.results()).isEmpty();
    }

    @Test
    void aCopyShowingAMemoryThatHasExpiredIsNotServed() throws InterruptedException {
        String user = newUser();
        Instant expiry = Instant.now().plusSeconds(2);
        writing.add(AddRequest.of(user, List.of(new Message("user", "Is staying at Hotel Artemide"))).withInfer(false)
                .withExpiresAt(expiry)).block(WAIT);
        EngineFixture.store(writing, user, "Is vegetarian");
        SearchRequest query = SearchRequest.of(user, "hotel");
        answering.search(query).block(WAIT);
        assertThat(answering.search(query).block(WAIT).cached()).isTrue();
        Thread.sleep(Math.max(0, expiry.toEpochMilli() - System.currentTimeMillis()) + 200);
        SearchResult afterExpiry = answering.search(query).block(WAIT);
        assertThat(afterExpiry.cached()).isFalse();
        assertThat(memories(afterExpiry)).containsExactly("Is vegetarian");
    }

    @Test
    void aBatchIsServedFromCopiesOnlyWhenEveryResultIsCurrent() {
        String user = newUser();
        String other = newUser();
        EngineFixture.store(writing, user, "Prefers aisle seats");
        EngineFixture.store(writing, other, "Is vegan");
        List<SearchRequest> batch = List.of(SearchRequest.of(user, "seats"), SearchRequest.of(other, "diet"));
        answering.searchBatch(batch).block(WAIT);
        assertThat(answering.searchBatch(batch).block(WAIT)).allMatch(item -> item.result().cached());

        EngineFixture.store(writing, other, "Avoids gluten");
        var afterWrite = answering.searchBatch(batch).block(WAIT);
        assertThat(afterWrite.get(0).result().cached()).as("the unchanged user's result is still current").isTrue();
        assertThat(afterWrite.get(1).result().cached()).isFalse();
        assertThat(memories(afterWrite.get(1).result())).contains("Is vegan", "Avoids gluten");
    }

    @Test
    void aTravelContextIsKeptLikeAResultAndMadeStaleByAWriteElsewhere() {
        String user = newUser();
        EngineFixture.store(writing, user, "Visited Japan in 2023", "Budget is about 2,000 EUR");
        assertThat(answering.context(user, null).block(WAIT).memoryCount()).isEqualTo(2);
        StageTimings again = new StageTimings();
        assertThat(again.attachTo(answering.context(user, null)).block(WAIT).memoryCount()).isEqualTo(2);
        assertThat(again.millis()).as("the own copy, checked against the user's revision alone").containsOnlyKeys(Stage.DATABASE);

        EngineFixture.store(writing, user, "Loves hiking in the Alps");
        UserContext afterWrite = answering.context(user, null).block(WAIT);
        assertThat(afterWrite.memoryCount()).isEqualTo(3);
        assertThat(afterWrite.activityPreferences()).hasSize(1);
    }

    @Test
    void withNoLocalMemoryEveryHitComesFromTheSharedCache() throws Exception {
        Assumptions.assumeTrue(OwnRedis.available(), "redis-server is not installed (scripts/provision-redis.sh installs it)");
        try (OwnRedis redis = new OwnRedis()) {
            EngineConfig config = TestServices.get().config(Map.of("REDIS_URL", redis.url(), "SEARCH_CACHE_LOCAL_MB", "0"));
            try (MemoryEngine engine = EngineFixture.engine(config)) {
                String user = newUser();
                EngineFixture.store(engine, user, "Prefers window seats");
                SearchRequest query = SearchRequest.of(user, "seats");
                engine.search(query).block(WAIT);
                assertThat(engine.search(query).block(WAIT).cached()).isTrue();
                redis.kill();
                assertThat(engine.search(query).block(WAIT).cached()).isFalse();
            }
        }
    }
}

package io.agentmemory.engine;

import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.MemoryUpdate;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.SearchResult;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.reliability.Sql;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.OwnRedis;
import io.agentmemory.engine.testing.TestServices;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

/** The cache is an accelerator, never a dependency: with it gone, answers stay correct, and nothing stale returns. */
class CacheOutageTest {

    @Test
    void withNoCacheListeningEveryOperationStillAnswersCorrectly() {
        EngineConfig config = TestServices.get().config(Map.of("REDIS_URL", "redis://127.0.0.1:1"));
        try (MemoryEngine engine = EngineFixture.engine(config)) {
            String user = newUser();
            FactResult added = EngineFixture.store(engine, user, "Prefers window seats").results().get(0);
            SearchRequest query = SearchRequest.of(user, "seats");
            for (int i = 0; i < 5; i++) {
                SearchResult result = engine.search(query).block(WAIT);
                assertThat(result.cached()).isFalse();
                assertThat(result.results()).extracting(SearchHit::id).containsExactly(added.id());
            }
            assertThat(engine.searchBatch(List.of(query, query)).block(WAIT)).allMatch(r -> !r.isError());
            engine.update(user, added.id(), new MemoryUpdate("Prefers aisle seats", null, null)).block(WAIT);
            assertThat(engine.search(query).block(WAIT).results().get(0).memory()).isEqualTo("Prefers aisle seats");
            engine.invalidate(user).block(WAIT);
            assertThat(engine.deleteAll(user).block(WAIT).memories()).isEqualTo(1);
            assertThat(engine.stats().cacheBreakerState()).isEqualTo(CircuitBreaker.State.OPEN.name());
        }
    }

    @Test
    void writesMadeWhileTheCacheWasFrozenInvalidateWhatItHeldOnceItReturns() throws Exception {
        Assumptions.assumeTrue(OwnRedis.available(), "redis-server is not installed (scripts/provision-redis.sh installs it)");
        try (OwnRedis redis = new OwnRedis()) {
            EngineConfig config = TestServices.get().config(Map.of("REDIS_URL", redis.url(), "CACHE_BREAKER_OPEN_MS", "200"));
            try (MemoryEngine engine = EngineFixture.engine(config)) {
                String user = newUser();
                EngineFixture.store(engine, user, "Prefers window seats");
                SearchRequest query = SearchRequest.of(user, "seats").withLimit(10);
                engine.search(query).block(WAIT);
                assertThat(engine.search(query).block(WAIT).cached()).isTrue();

                redis.freeze();
                EngineFixture.store(engine, user, "Prefers extra legroom seats");
                SearchResult during = engine.search(query).block(WAIT);
                assertThat(during.cached()).isFalse();
                assertThat(during.results()).hasSize(2);

                redis.thaw();
                Thread.sleep(300); // let the breaker's open period pass
                SearchResult after = null;
                for (int i = 0; i < 5; i++) {
                    after = engine.search(query).block(WAIT);
                    assertThat(after.results()).as("attempt %d after the cache returned", i).hasSize(2);
                }
                assertThat(after.cached()).as("the cache is used again once it is back").isTrue();
                assertThat(engine.stats().cacheBreakerState()).isEqualTo(CircuitBreaker.State.CLOSED.name());
            }
        }
    }

    @Test
    void anotherEnvironmentThatMissedTheOutageDoesNotServeStaleResultsEither() throws Exception {
        Assumptions.assumeTrue(OwnRedis.available(), "redis-server is not installed");
        try (OwnRedis redis = new OwnRedis()) {
            EngineConfig config = TestServices.get().config(Map.of("REDIS_URL", redis.url(), "CACHE_BREAKER_OPEN_MS", "200"));
            try (MemoryEngine writer = EngineFixture.engine(config); MemoryEngine reader = EngineFixture.engine(config)) {
                String user = newUser();
                EngineFixture.store(writer, user, "Prefers window seats");
                SearchRequest query = SearchRequest.of(user, "seats");
                reader.search(query).block(WAIT);
                assertThat(reader.search(query).block(WAIT).cached()).isTrue();

                redis.kill();
                EngineFixture.store(writer, user, "Prefers extra legroom seats");
                redis.start(); // a restarted cache without persistence is empty, but one with persistence is not
                Thread.sleep(300);
                assertThat(reader.search(query).block(WAIT).results()).hasSize(2);
            }
        }
    }
}

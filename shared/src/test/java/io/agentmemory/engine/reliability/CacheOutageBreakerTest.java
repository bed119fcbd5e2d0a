package io.agentmemory.engine.reliability;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.BatchItemResult;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.HistoryEntry;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.MemoryUpdate;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.SearchResult;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.OwnRedis;
import io.agentmemory.engine.testing.TestServices;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache (a redis-server this test owns) dies or hangs in the middle of a run. Every operation keeps answering,
 * and answers exactly what the database holds (checked against an engine without a cache, reading the same database);
 * the circuit breaker opens so that calls stop waiting on the dead cache — a search with the breaker open costs what
 * a search with the cache disabled costs, measured side by side — and closes once the cache is back; nothing cached
 * before the outage is served after it, because the writes made during the outage invalidate it.
 */
class CacheOutageBreakerTest {

    private static final Duration BREAKER_OPEN = Duration.ofMillis(2_000);
    private static MemoryEngine truth;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(OwnRedis.available(), "redis-server is not installed (scripts/provision-redis.sh installs it)");
        truth = EngineFixture.engine(TestServices.get().config(Map.of("CACHE_ENABLED", "false", "CLIENT_NAME", "cache-outage-truth")));
    }

    @AfterAll
    static void stop() {
        if (truth != null) {
            truth.close();
        }
    }

    private static EngineConfig cached(OwnRedis redis) {
        return cached(redis, "cache-outage");
    }

    private static EngineConfig cached(OwnRedis redis, String clientName) {
        return TestServices.get().config(Map.of("REDIS_URL", redis.url(),
                "CACHE_BREAKER_OPEN_MS", Long.toString(BREAKER_OPEN.toMillis()), "CLIENT_NAME", clientName));
    }

    /** The hits as (id, text), in rank order. */
    private static List<String> hits(SearchResult result) {
        return result.results().stream().map(h -> h.id() + " " + h.memory()).toList();
    }

    /** The cached engine answers exactly what the database holds right now. */
    private static SearchResult assertAnswersLikeTheDatabase(MemoryEngine engine, SearchRequest query, String when) {
        SearchResult answer = engine.search(query).block(WAIT);
        assertThat(hits(answer)).as(when).isEqualTo(hits(truth.search(query).block(WAIT)));
        return answer;
    }

    @Test
    void withTheCacheKilledMidRunEveryOperationStillAnswersWhatTheDatabaseHolds() throws Exception {
        try (OwnRedis redis = new OwnRedis(); MemoryEngine engine = EngineFixture.engine(cached(redis))) {
            String user = newUser();
            SearchRequest query = SearchRequest.of(user, "travel preferences").withLimit(20);
            List<FactResult> facts = EngineFixture.store(engine, user, "Prefers window seats", "Is vegetarian",
                    "Home airport is Munich").results();
            assertAnswersLikeTheDatabase(engine, query, "cache up");
            assertThat(engine.search(query).block(WAIT).cached()).isTrue();

            redis.kill();
            assertAnswersLikeTheDatabase(engine, query, "cache just died");
            FactResult added = EngineFixture.store(engine, user, "Travels with a dog named Bella").results().get(0);
            assertThat(added.event()).isEqualTo(MemoryEvent.ADD);
            assertAnswersLikeTheDatabase(engine, query, "after an add while the cache is dead");
            engine.update(user, facts.get(0).id(), new MemoryUpdate("Prefers aisle seats", null, null)).block(WAIT);
            assertAnswersLikeTheDatabase(engine, query, "after an update");
            engine.delete(user, facts.get(1).id()).block(WAIT);
            SearchResult afterDelete = assertAnswersLikeTheDatabase(engine, query, "after a delete");
            assertThat(afterDelete.cached()).isFalse();
            assertThat(afterDelete.results()).extracting(SearchHit::memory).doesNotContain("Is vegetarian").contains("Prefers aisle seats");
            List<BatchItemResult> batch = engine.searchBatch(List.of(query, SearchRequest.of(user, "pets"))).block(WAIT);
            assertThat(batch).noneMatch(BatchItemResult::isError);
            assertThat(hits(batch.get(0).result())).isEqualTo(hits(truth.search(query).block(WAIT)));
            assertThat(engine.list(user, 10, null).block(WAIT).memories()).hasSize(3);
            assertThat(engine.get(user, added.id()).block(WAIT).memory()).isEqualTo("Travels with a dog named Bella");
            assertThat(engine.history(user, facts.get(0).id()).block(WAIT)).extracting(HistoryEntry::event)
                    .containsExactly(MemoryEvent.ADD, MemoryEvent.UPDATE);
            engine.invalidate(user).block(WAIT);
            assertThat(engine.stats().cacheBreakerState()).as("the breaker opened").isEqualTo(CircuitBreaker.State.OPEN.name());
            assertThat(Sql.count("SELECT count(*) FROM user_revisions WHERE user_id = ?", user))
                    .as("the writes raised the user's revision in the database").isEqualTo(1);

            redis.start(); // empty: no persistence
            Thread.sleep(BREAKER_OPEN.toMillis() + 200);
            for (int i = 0; i < 3; i++) {
                assertAnswersLikeTheDatabase(engine, query, "cache back, call " + i);
            }
            assertThat(engine.search(query).block(WAIT).cached()).as("the cache is used again").isTrue();
            assertThat(engine.stats().cacheBreakerState()).isEqualTo(CircuitBreaker.State.CLOSED.name());
            System.out.println("[cache-outage] redis killed mid-run: search, add, update, delete, batch, list, get, history "
                    + "and invalidate answered like the database; breaker OPEN during, CLOSED after");
        }
    }

    @Test
    void withTheCacheHungTheOpenBreakerCostsNoMoreThanNoCacheAndNothingStaleReturns() throws Exception {
        try (OwnRedis redis = new OwnRedis(); MemoryEngine engine = EngineFixture.engine(cached(redis))) {
            String user = newUser();
            SearchRequest query = SearchRequest.of(user, "travel preferences").withLimit(20);
            List<FactResult> facts = EngineFixture.store(engine, user, "Prefers window seats", "Is vegetarian",
                    "Home airport is Munich").results();
            assertAnswersLikeTheDatabase(engine, query, "cache up");
            assertThat(engine.search(query).block(WAIT).cached()).as("the result is in the cache now").isTrue();

            // Frozen: the socket stays open and every command waits for its timeout until the breaker opens.
            redis.freeze();
            List<Long> beforeOpen = new ArrayList<>();
            for (int i = 0; i < 10 && !engine.stats().cacheBreakerState().equals(CircuitBreaker.State.OPEN.name()); i++) {
                long started = System.nanoTime();
                assertAnswersLikeTheDatabase(engine, SearchRequest.of(user, "before open " + i), "cache hung, breaker closed");
                beforeOpen.add((System.nanoTime() - started) / 1_000_000);
            }
            assertThat(engine.stats().cacheBreakerState()).isEqualTo(CircuitBreaker.State.OPEN.name());

            // Side by side, alternating: the open breaker against an environment with the cache switched off.
            try (MemoryEngine noCache = EngineFixture.engine(TestServices.get().config(
                    Map.of("CACHE_ENABLED", "false", "CLIENT_NAME", "cache-outage-disabled")))) {
                noCache.search(SearchRequest.of(user, "warm up")).block(WAIT);
                int rounds = 15;
                long[] open = new long[rounds];
                long[] disabled = new long[rounds];
                for (int i = 0; i < rounds; i++) {
                    SearchRequest q = SearchRequest.of(user, "measured query " + i);
                    if (i % 2 == 0) {
                        open[i] = timed(engine, q);
                        disabled[i] = timed(noCache, q);
                    } else {
                        disabled[i] = timed(noCache, q);
                        open[i] = timed(engine, q);
                    }
                }
                long openMedian = median(open);
                long disabledMedian = median(disabled);
                System.out.printf("[cache-outage] redis frozen: searches before the breaker opened %s ms; with the breaker "
                                + "open median %d ms %s, with the cache disabled median %d ms %s (command timeout %d ms)%n",
                        beforeOpen, openMedian, Arrays.toString(open), disabledMedian, Arrays.toString(disabled),
                        TestServices.get().config().cache().commandTimeout().toMillis());
                assertThat(engine.stats().cacheBreakerState()).as("still open while measured").isEqualTo(CircuitBreaker.State.OPEN.name());
                // Generous bounds that can't flake: an open breaker never waits for the cache's command timeout, and
                // costs at most a small multiple of no cache at all.
                assertThat(openMedian).isLessThan(TestServices.get().config().cache().commandTimeout().toMillis());
                assertThat(openMedian).isLessThanOrEqualTo(3 * disabledMedian + 25);
            }

            // Writes while the cache is hung: the cache still holds the old result for `query`.
            engine.update(user, facts.get(0).id(), new MemoryUpdate("Prefers aisle seats", null, null)).block(WAIT);
            engine.delete(user, facts.get(1).id()).block(WAIT);
            EngineFixture.store(engine, user, "Travels with a dog named Bella");
            assertAnswersLikeTheDatabase(engine, query, "writes while the cache is hung");

            redis.thaw(); // the old entries are still there
            Thread.sleep(BREAKER_OPEN.toMillis() + 200);
            for (int i = 0; i < 3; i++) {
                SearchResult after = assertAnswersLikeTheDatabase(engine, query, "cache back, call " + i);
                assertThat(after.results()).extracting(SearchHit::memory).as("never the result cached before the outage")
                        .doesNotContain("Prefers window seats", "Is vegetarian");
            }
            assertThat(engine.search(query).block(WAIT).cached()).isTrue();
            assertThat(engine.stats().cacheBreakerState()).isEqualTo(CircuitBreaker.State.CLOSED.name());
            // A second environment that never saw the outage reads the same cache: not stale either.
            try (MemoryEngine other = EngineFixture.engine(cached(redis, "cache-outage-other"))) {
                assertAnswersLikeTheDatabase(other, query, "another environment after the outage");
            }
        }
    }

    private static long timed(MemoryEngine engine, SearchRequest query) {
        long started = System.nanoTime();
        assertThat(engine.search(query).block(WAIT).cached()).isFalse();
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

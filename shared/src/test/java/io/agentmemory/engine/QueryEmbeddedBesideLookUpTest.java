package io.agentmemory.engine;

import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.SearchResult;
import io.agentmemory.engine.cache.CacheKeys;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.embedding.ModelStop;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.ForwardingEmbeddingModel;
import io.agentmemory.engine.testing.TestServices;
import io.agentmemory.engine.testing.TwoEnvironments;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A single search of a query new to the environment embeds it while the shared cache is asked for its result and
 * vector (two engines are two environments sharing the real cache and database). Whatever the cache answers, the
 * search answers as if it had waited for the cache first: a vector computed ahead is shared like any other, and a
 * cached result or vector stops the model.
 */
class QueryEmbeddedBesideLookUpTest {

    private static TwoEnvironments<WatchedModel> environments;

    @BeforeAll
    static void start() {
        environments = new TwoEnvironments<>(WatchedModel::new);
    }

    @AfterAll
    static void stop() {
        environments.close();
    }

    @BeforeEach
    void nothingHeld() {
        environments.firstModel.holdsUntilStopped = false;
        environments.secondModel.holdsUntilStopped = false;
    }

    @Test
    void aNewQueryIsEmbeddedOnceBesideTheLookUpAndItsVectorShared() {
        String user = newUser();
        EngineFixture.store(environments.first, user, "Prefers window seats", "Is vegetarian");
        SearchRequest request = SearchRequest.of(user, "which seat should I book on the plane");
        WatchedModel.Counts before = environments.firstModel.counts();

        SearchResult computed = environments.first.search(request).block(WAIT);

        assertThat(computed.cached()).isFalse();
        assertThat(computed.results().get(0).memory()).isEqualTo("Prefers window seats");
        WatchedModel.Counts after = environments.firstModel.counts();
        assertThat(after.ahead() - before.ahead()).as("embedded beside the look-up").isEqualTo(1);
        assertThat(after.stopped() - before.stopped()).isZero();
        assertThat(after.afterLookUp() - before.afterLookUp()).as("not embedded again after it").isZero();

        // The other environment finds the vector computed ahead in the shared cache once the results are gone: its
        // own model, held until told, is stopped by the look-up, and it ranks with the same vector.
        awaitSharedCache(user, "v");
        environments.second.invalidate(user).block(WAIT);
        environments.secondModel.holdsUntilStopped = true;
        WatchedModel.Counts secondBefore = environments.secondModel.counts();
        SearchResult reused = environments.second.search(request).block(WAIT);

        assertThat(reused.cached()).isFalse();
        WatchedModel.Counts secondAfter = environments.secondModel.counts();
        assertThat(secondAfter.stopped() - secondBefore.stopped()).as("the cached vector stopped the model").isEqualTo(1);
        assertThat(secondAfter.afterLookUp() - secondBefore.afterLookUp()).isZero();
        assertThat(reused.results()).extracting(h -> h.memory())
                .isEqualTo(computed.results().stream().map(h -> h.memory()).toList());
        assertThat(reused.results().get(0).score()).isEqualTo(computed.results().get(0).score());
    }

    @Test
    void aResultCachedByAnotherEnvironmentStopsTheModelAndIsServed() {
        String user = newUser();
        EngineFixture.store(environments.first, user, "Is allergic to peanuts", "Lives in Porto");
        SearchRequest request = SearchRequest.of(user, "any food allergies I should mention");
        SearchResult computed = environments.first.search(request).block(WAIT);
        awaitSharedCache(user, "s");

        environments.secondModel.holdsUntilStopped = true;
        WatchedModel.Counts before = environments.secondModel.counts();
        SearchResult served = environments.second.search(request).block(WAIT);

        assertThat(served.cached()).isTrue();
        assertThat(served.results()).extracting(h -> h.memory())
                .isEqualTo(computed.results().stream().map(h -> h.memory()).toList());
        WatchedModel.Counts after = environments.secondModel.counts();
        assertThat(after.stopped() - before.stopped()).isEqualTo(1);
        assertThat(after.afterLookUp() - before.afterLookUp()).isZero();
    }

    @Test
    void aStaleCachedResultStillGetsAFreshAnswer() {
        String user = newUser();
        EngineFixture.store(environments.first, user, "Is allergic to peanuts");
        SearchRequest request = SearchRequest.of(user, "which allergies do I have, and which foods");
        environments.first.search(request).block(WAIT);
        awaitSharedCache(user, "s");
        // A write moves the user's revision: the cached result, and the vector beside it, stay in the cache.
        EngineFixture.store(environments.first, user, "Is allergic to shellfish");

        environments.secondModel.holdsUntilStopped = true;
        SearchResult fresh = environments.second.search(request).block(WAIT);

        assertThat(fresh.cached()).isFalse();
        assertThat(fresh.results()).extracting(h -> h.memory())
                .contains("Is allergic to peanuts", "Is allergic to shellfish");
    }

    /** The first environment's cache fill is sent after its answer: waits until its entries of a kind arrived. */
    private static void awaitSharedCache(String user, String kind) {
        RedisClient client = RedisClient.create(TestServices.get().redisUrl());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            String pattern = "m:{" + CacheKeys.userTag(user) + "}:" + kind + ":*";
            long giveUp = System.nanoTime() + WAIT.toNanos();
            while (c.sync().keys(pattern).isEmpty()) {
                assertThat(System.nanoTime()).as("cache entries " + pattern).isLessThan(giveUp);
                Thread.onSpinWait();
            }
        } finally {
            client.shutdown();
        }
    }

    /**
     * The real model, counting how a query was embedded. Held, a query embedded beside the look-up waits for its
     * stop (at most a few seconds, then it embeds), so that a test sees the look-up stop it whatever the timing.
     */
    private static final class WatchedModel extends ForwardingEmbeddingModel {
        record Counts(int ahead, int stopped, int afterLookUp) {
        }

        private final AtomicInteger ahead = new AtomicInteger();
        private final AtomicInteger stopped = new AtomicInteger();
        private final AtomicInteger afterLookUp = new AtomicInteger();
        volatile boolean holdsUntilStopped;

        WatchedModel(EmbeddingModel model) {
            super(model);
        }

        Counts counts() {
            return new Counts(ahead.get(), stopped.get(), afterLookUp.get());
        }

        @Override
        public boolean runsInProcess() {
            return true;
        }

        @Override
        public float[] embedQuery(String query) {
            afterLookUp.incrementAndGet();
            return model.embedQuery(query);
        }

        @Override
        public float[] embedQuery(String query, ModelStop stop) {
            ahead.incrementAndGet();
            long giveUp = System.nanoTime() + 5_000_000_000L;
            while (holdsUntilStopped && !stop.requested() && System.nanoTime() < giveUp) {
                Thread.onSpinWait();
            }
            if (stop.requested()) {
                stopped.incrementAndGet();
                return null;
            }
            return model.embedQuery(query, stop);
        }
    }
}

package io.agentmemory.engine.cache;

import io.agentmemory.engine.Deadlines;
import io.agentmemory.engine.testing.TestServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache's multi-key commands, sent in one write: a look-up over several users' keys answers every key in the
 * order asked, entries stored together keep their time to live, and a cached result holds only at its revision.
 */
class MemoryCacheLookupTest {

    @Test
    void interleavedKeysOfSeveralUsersComeBackInTheirOwnPlaces() {
        String ann = "ann-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        String annResult = CacheKeys.searchResult(ann, CacheKeys.hash("a1"));
        String bobResult = CacheKeys.searchResult(bob, CacheKeys.hash("b1"));
        String annVector = CacheKeys.queryVector(ann, CacheKeys.hash("a2"));
        String bobMissing = CacheKeys.searchResult(bob, CacheKeys.hash("never stored"));
        Deadlines deadlines = new Deadlines();
        try (MemoryCache cache = new MemoryCache(TestServices.get().config(), deadlines)) {
            cache.putAll(Map.of(annResult, bytes("ann's result"), bobResult, bytes("bob's result"), annVector, bytes("ann's vector")),
                    Duration.ofMinutes(1)).block(Duration.ofSeconds(5));

            List<byte[]> values = cache.getAll(List.of(bobResult, annResult, bobMissing, annVector)).block(Duration.ofSeconds(5));

            assertThat(values).hasSize(4);
            assertThat(text(values.get(0))).isEqualTo("bob's result");
            assertThat(text(values.get(1))).isEqualTo("ann's result");
            assertThat(values.get(2)).isNull();
            assertThat(text(values.get(3))).isEqualTo("ann's vector");
            assertThat(cache.getAll(List.of(annVector, bobMissing, bobResult)).block(Duration.ofSeconds(5)))
                    .extracting(MemoryCacheLookupTest::text).containsExactly("ann's vector", null, "bob's result");
            assertThat(secondsToLive(annResult)).as("stored with its time to live").isBetween(1L, 60L);
            assertThat(secondsToLive(bobResult)).isBetween(1L, 60L);
        } finally {
            deadlines.suspend();
        }
    }

    @Test
    void aLookUpStartedAfterAFillWasAnnouncedSeesItOnceSentAndDoesNotWaitForeverForOneNeverSent() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String key = CacheKeys.searchResult(user, CacheKeys.hash("announced"));
        Deadlines deadlines = new Deadlines();
        try (MemoryCache cache = new MemoryCache(TestServices.get().config(), deadlines)) {
            cache.getAll(List.of(key)).block(Duration.ofSeconds(5));
            MemoryCache.AnnouncedFill fill = cache.announceFill();
            java.util.concurrent.CompletableFuture<List<byte[]>> lookUp = cache.getAll(List.of(key)).toFuture();
            // The look-up was started before the fill went out: it waits for it rather than reading ahead of it.
            Thread.sleep(5);
            fill.send(Map.of(key, bytes("the fill")), Duration.ofMinutes(1));
            assertThat(lookUp.get(5, java.util.concurrent.TimeUnit.SECONDS)).extracting(MemoryCacheLookupTest::text)
                    .containsExactly("the fill");

            cache.announceFill();
            assertThat(cache.getAll(List.of(key)).block(Duration.ofSeconds(5)))
                    .as("a fill announced and never sent holds a look-up up for a bounded time only")
                    .extracting(MemoryCacheLookupTest::text).containsExactly("the fill");
        } finally {
            deadlines.suspend();
        }
    }

    @Test
    void disconnectingBeforeASnapshotLetsAnAnnouncedFillGoOutFirstAndLeavesNoConnectionOpen() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String key = CacheKeys.searchResult(user, CacheKeys.hash("primed"));
        Deadlines deadlines = new Deadlines();
        try (MemoryCache cache = new MemoryCache(TestServices.get().config(), deadlines)) {
            cache.getAll(List.of(key)).block(Duration.ofSeconds(5));
            MemoryCache.AnnouncedFill fill = cache.announceFill();
            Thread answering = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                fill.send(Map.of(key, bytes("the primed result")), Duration.ofMinutes(1));
            });
            cache.disconnect();
            answering.join(5_000);

            assertThat(cache.isConnected()).as("no connection reopened by the fill after the disconnect").isFalse();
            assertThat(cache.getAll(List.of(key)).block(Duration.ofSeconds(5))).extracting(MemoryCacheLookupTest::text)
                    .as("the fill went out before the connection closed").containsExactly("the primed result");
        } finally {
            deadlines.suspend();
        }
    }

    @Test
    void aCachedResultIsServedOnlyAtTheRevisionItWasComputedAtAndBeforeItsEarliestExpiry() {
        byte[] payload = bytes("hits");
        byte[] value = CachedResult.encode(41, 10_000, payload);

        assertThat(CachedResult.payloadIfCurrent(value, 41L, 9_999)).isEqualTo(payload);
        assertThat(CachedResult.payloadIfCurrent(value, 42L, 9_999)).as("a newer revision").isNull();
        assertThat(CachedResult.payloadIfCurrent(value, 40L, 9_999)).as("an older revision (a restored database)").isNull();
        assertThat(CachedResult.payloadIfCurrent(value, 41L, 10_000)).as("a memory in it has expired").isNull();
        assertThat(CachedResult.payloadIfCurrent(value, null, 0)).as("revision unknown").isNull();
        assertThat(CachedResult.payloadIfCurrent(bytes("short"), 41L, 0)).as("not a cached result").isNull();
    }

    @Test
    void aKeysHashTagIsItsUsersTag() {
        String user = "user-" + UUID.randomUUID();
        for (String key : Arrays.asList(CacheKeys.context(user, "h"), CacheKeys.searchResult(user, "h"), CacheKeys.queryVector(user, "h"))) {
            assertThat(CacheKeys.tagOf(key)).isEqualTo(CacheKeys.userTag(user));
        }
    }

    private static long secondsToLive(String key) {
        RedisClient client = RedisClient.create(TestServices.get().redisUrl());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().ttl(key);
        } finally {
            client.shutdown();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}

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
 * order asked, entries stored together keep their time to live, and generations are created once and rotated.
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
            cache.rotateGenerations(List.of(ann)).block(Duration.ofSeconds(5));
            cache.putAll(Map.of(annResult, bytes("ann's result"), bobResult, bytes("bob's result"), annVector, bytes("ann's vector")),
                    Duration.ofMinutes(1)).block(Duration.ofSeconds(5));

            MemoryCache.Lookup lookup = cache.lookup(List.of(ann, bob, ann), List.of(bobResult, annResult, bobMissing, annVector))
                    .block(Duration.ofSeconds(5));

            assertThat(lookup).isNotNull();
            assertThat(lookup.generations()).as("only ann has a generation yet").containsOnlyKeys(ann);
            assertThat(lookup.values()).hasSize(4);
            assertThat(text(lookup.values().get(0))).isEqualTo("bob's result");
            assertThat(text(lookup.values().get(1))).isEqualTo("ann's result");
            assertThat(lookup.values().get(2)).isNull();
            assertThat(text(lookup.values().get(3))).isEqualTo("ann's vector");
            assertThat(cache.getAll(List.of(annVector, bobMissing, bobResult)).block(Duration.ofSeconds(5)))
                    .extracting(MemoryCacheLookupTest::text).containsExactly("ann's vector", null, "bob's result");
            assertThat(secondsToLive(annResult)).as("stored with its time to live").isBetween(1L, 60L);
            assertThat(secondsToLive(bobResult)).isBetween(1L, 60L);
        } finally {
            deadlines.suspend();
        }
    }

    @Test
    void aUsersGenerationIsCreatedOnceKeptForDaysAndReplacedByARotation() {
        String ann = "ann-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        Deadlines deadlines = new Deadlines();
        try (MemoryCache cache = new MemoryCache(TestServices.get().config(), deadlines)) {
            Map<String, String> first = cache.generations(List.of(ann, bob)).block(Duration.ofSeconds(5));
            Map<String, String> again = cache.generations(List.of(bob, ann)).block(Duration.ofSeconds(5));

            assertThat(first).containsOnlyKeys(ann, bob);
            assertThat(again).as("created once, then read").isEqualTo(first);
            assertThat(first.get(ann)).isNotEqualTo(first.get(bob));
            assertThat(secondsToLive(CacheKeys.generation(ann))).isGreaterThan(Duration.ofDays(1).toSeconds());

            cache.rotateGenerations(List.of(ann)).block(Duration.ofSeconds(5));
            Map<String, String> rotated = cache.generations(List.of(ann, bob)).block(Duration.ofSeconds(5));
            assertThat(rotated.get(ann)).isNotEqualTo(first.get(ann));
            assertThat(rotated.get(bob)).isEqualTo(first.get(bob));
            assertThat(secondsToLive(CacheKeys.generation(ann))).isGreaterThan(Duration.ofDays(1).toSeconds());
        } finally {
            deadlines.suspend();
        }
    }

    @Test
    void aKeysHashTagIsItsUsersTag() {
        String user = "user-" + UUID.randomUUID();
        for (String key : Arrays.asList(CacheKeys.generation(user), CacheKeys.searchResult(user, "h"), CacheKeys.queryVector(user, "h"))) {
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

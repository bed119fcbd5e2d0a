package io.agentmemory.functions.hostile;

import io.agentmemory.engine.cache.CacheKeys;
import io.agentmemory.engine.testing.TestServices;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the test cache (the test run's Redis logical database) holds, read directly, never through the engine. */
final class CacheContents {

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private CacheContents() {
    }

    /** Every key of the test database and its value. */
    static Map<String, byte[]> snapshot() {
        return withRedis(redis -> {
            Map<String, byte[]> all = new HashMap<>();
            for (String key : keys(redis, "*")) {
                byte[] value = redis.sync().get(key);
                if (value != null) {
                    all.put(key, value);
                }
            }
            return all;
        });
    }

    /** Keys that appeared or changed since {@code before} (keys that expired meanwhile are not changes). */
    static List<String> changedSince(Map<String, byte[]> before) {
        List<String> changed = new ArrayList<>();
        snapshot().forEach((key, value) -> {
            byte[] old = before.get(key);
            if (old == null || !Arrays.equals(old, value)) {
                changed.add(key);
            }
        });
        return changed;
    }

    /** Every cache key that belongs to the user (their hash tag). */
    static List<String> keysOf(String userId) {
        return withRedis(redis -> keys(redis, CacheKeys.userPattern(userId)));
    }

    static long dbSize() {
        return withRedis(redis -> redis.sync().dbsize());
    }

    static byte[] get(String key) {
        return withRedis(redis -> redis.sync().get(key));
    }

    static void set(String key, String value) {
        withRedis(redis -> redis.sync().set(key, value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    static void delete(String key) {
        withRedis(redis -> redis.sync().del(key));
    }

    /** All keys of the test database, for checks that user text never becomes a key. */
    static List<String> allKeys() {
        return withRedis(redis -> keys(redis, "*"));
    }

    private static List<String> keys(StatefulRedisConnection<String, byte[]> redis, String pattern) {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.sync().scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    private static <T> T withRedis(java.util.function.Function<StatefulRedisConnection<String, byte[]>, T> work) {
        RedisClient client = RedisClient.create(TestServices.get().redisUrl());
        try (StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC)) {
            return work.apply(connection);
        } finally {
            client.shutdown();
        }
    }
}

package io.agentmemory.engine.cache;

import io.agentmemory.engine.Deadlines;
import io.agentmemory.engine.config.CacheSettings;
import io.agentmemory.engine.config.EngineConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;

/**
 * The DragonflyDB/Redis cache: an accelerator, never a dependency. The commands the engine uses, in the key layout
 * of {@link CacheKeys}, over the environment's one {@link CacheConnection}. Reads that fail are misses and writes
 * that fail are dropped: no correctness depends on the cache (see {@code UserRevisions}).
 */
public final class MemoryCache implements AutoCloseable {

    private final CacheSettings settings;
    private final CacheConnection connection;

    public MemoryCache(EngineConfig config, Deadlines deadlines) {
        this.settings = config.cache();
        this.connection = new CacheConnection(settings, config.clientName(), deadlines);
    }

    public CircuitBreaker.State breakerState() {
        return connection.breakerState();
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Values for the keys in one pipelined round trip; null where missing. Empty when unavailable. */
    public Mono<List<byte[]>> getAll(List<String> keys) {
        if (!enabled() || keys.isEmpty()) {
            return Mono.empty();
        }
        return connection.call(redis -> valuesOf(redis, keys)).onErrorResume(e -> Mono.empty());
    }

    /** Stores values with a time to live; a failure only means the next request misses. */
    public Mono<Void> putAll(Map<String, byte[]> entries, Duration ttl) {
        if (!enabled() || entries.isEmpty()) {
            return Mono.empty();
        }
        return connection.call(redis -> OneWrite.setAll(redis.getStatefulConnection(), CacheConnection.CODEC, entries, ttl)).then().onErrorResume(e -> Mono.empty());
    }

    /** Removes every key of one user (erasure); returns how many were removed. */
    public Mono<Long> deleteUserEntries(String userId) {
        if (!enabled()) {
            return Mono.just(0L);
        }
        return scanAndDelete(CacheKeys.userPattern(userId), (redis, key) -> true);
    }

    /** Removes cached results and contexts that show a memory which has expired since (the scheduled sweep). */
    public Mono<Long> reclaimStaleEntries() {
        if (!enabled()) {
            return Mono.just(0L);
        }
        long now = System.currentTimeMillis();
        return Flux.fromIterable(CacheKeys.allResultPatterns())
                .concatMap(pattern -> scanAndDelete(pattern, (redis, key) -> CachedResult.outlived(redis.get(key), now)))
                .reduce(0L, Long::sum);
    }

    private Mono<Long> scanAndDelete(String pattern, BiPredicate<RedisCommands<String, byte[]>, String> shouldDelete) {
        return connection.blocking(redis -> {
            long deleted = 0;
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(500));
                List<String> doomed = page.getKeys().stream().filter(key -> shouldDelete.test(redis, key)).toList();
                if (!doomed.isEmpty()) {
                    deleted += redis.unlink(doomed.toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
            return deleted;
        });
    }

    /** Closes the connection (before a snapshot); the next call reconnects. */
    public void disconnect() {
        connection.disconnect();
    }

    public boolean isConnected() {
        return connection.isConnected();
    }

    @Override
    public void close() {
        disconnect();
    }

    private static CompletableFuture<List<byte[]>> valuesOf(RedisAsyncCommands<String, byte[]> redis, List<String> keys) {
        return OneWrite.getInSlots(redis.getStatefulConnection(), CacheConnection.CODEC, keys);
    }
}

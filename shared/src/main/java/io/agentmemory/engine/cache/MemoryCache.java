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
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * The DragonflyDB/Redis cache: an accelerator, never a dependency. The commands the engine uses, in the key layout
 * of {@link CacheKeys}, over the environment's one {@link CacheConnection}. Reads that fail are misses; only
 * invalidation reports failure, because the caller must then record it elsewhere.
 */
public final class MemoryCache implements AutoCloseable {

    /** Generations outlive the entries they guard; if one expires anyway, the user just starts afresh. */
    private static final Duration GENERATION_TTL = Duration.ofDays(2);
    /**
     * Linux's default SecureRandom (NativePRNG) mixes fresh bytes from the kernel into every call, so tokens
     * stay unique across environments restored from one SnapStart snapshot.
     */
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CacheSettings settings;
    private final CacheConnection connection;

    public MemoryCache(EngineConfig config, Deadlines deadlines) {
        this.settings = config.cache();
        this.connection = new CacheConnection(settings, config.clientName(), deadlines);
    }

    /** How the engine applies invalidations that could not reach the cache earlier. */
    public void onRecovery(Supplier<Mono<Void>> action) {
        connection.onRecovery(action);
    }

    public CircuitBreaker.State breakerState() {
        return connection.breakerState();
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * The current generation token of each user, creating one where none exists. Empty when the cache is
     * unavailable (the caller then bypasses it for this request).
     */
    public Mono<Map<String, String>> generations(Collection<String> userIds) {
        if (!enabled() || userIds.isEmpty()) {
            return Mono.empty();
        }
        List<String> users = new ArrayList<>(new LinkedHashSet<>(userIds));
        List<String> keys = users.stream().map(CacheKeys::generation).toList();
        return connection.recovered().then(connection.call(redis -> valuesOf(redis, keys))).flatMap(tokens -> {
            Map<String, String> found = new HashMap<>();
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < users.size(); i++) {
                if (tokens.get(i) == null) {
                    missing.add(users.get(i));
                } else {
                    found.put(users.get(i), new String(tokens.get(i), StandardCharsets.US_ASCII));
                }
            }
            if (missing.isEmpty()) {
                return Mono.just(found);
            }
            // Whoever sets first wins; everyone then reads the winner's token.
            Map<String, byte[]> proposed = new LinkedHashMap<>();
            missing.forEach(user -> proposed.put(CacheKeys.generation(user), newToken().getBytes(StandardCharsets.US_ASCII)));
            List<String> proposedKeys = new ArrayList<>(proposed.keySet());
            return connection.call(redis -> OneWrite.setIfAbsentThenGet(redis.getStatefulConnection(), CacheConnection.CODEC, proposed,
                    GENERATION_TTL)).map(created -> {
                // By key: two users whose tags collide share one generation key, and one proposal for it.
                Map<String, byte[]> tokenByKey = new HashMap<>();
                for (int i = 0; i < proposedKeys.size(); i++) {
                    tokenByKey.put(proposedKeys.get(i), created.get(i));
                }
                for (String user : missing) {
                    byte[] token = tokenByKey.get(CacheKeys.generation(user));
                    if (token != null) {
                        found.put(user, new String(token, StandardCharsets.US_ASCII));
                    }
                }
                return found;
            });
        }).onErrorResume(e -> Mono.empty());
    }

    /** The users' current generations (absent where none exists yet) and the keys' values. */
    public record Lookup(Map<String, String> generations, List<byte[]> values) {
    }

    /**
     * The users' generations and the keys' values in one pipelined round trip (null where missing), after any
     * pending invalidations are applied. Empty when the cache is unavailable.
     */
    public Mono<Lookup> lookup(Collection<String> userIds, List<String> keys) {
        if (!enabled()) {
            return Mono.empty();
        }
        List<String> users = new ArrayList<>(new LinkedHashSet<>(userIds));
        List<String> all = new ArrayList<>(users.size() + keys.size());
        users.forEach(user -> all.add(CacheKeys.generation(user)));
        all.addAll(keys);
        return connection.recovered().then(connection.call(redis -> valuesOf(redis, all))).map(replies -> {
            Map<String, String> generations = new HashMap<>();
            for (int i = 0; i < users.size(); i++) {
                if (replies.get(i) != null) {
                    generations.put(users.get(i), new String(replies.get(i), StandardCharsets.US_ASCII));
                }
            }
            return new Lookup(generations, new ArrayList<>(replies.subList(users.size(), replies.size())));
        }).onErrorResume(e -> Mono.empty());
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

    /**
     * Makes every result cached for these users unreachable. Fails when the cache can't be reached, so the
     * caller can record the invalidation where it won't be lost.
     */
    public Mono<Void> rotateGenerations(Collection<String> userIds) {
        if (!enabled() || userIds.isEmpty()) {
            return Mono.empty();
        }
        Map<String, byte[]> tokens = new LinkedHashMap<>();
        for (String user : new LinkedHashSet<>(userIds)) {
            tokens.put(CacheKeys.generation(user), newToken().getBytes(StandardCharsets.US_ASCII));
        }
        return connection.call(redis -> OneWrite.setAll(redis.getStatefulConnection(), CacheConnection.CODEC, tokens, GENERATION_TTL))
                .then();
    }

    /** Removes every key of one user (erasure); returns how many were removed. */
    public Mono<Long> deleteUserEntries(String userId) {
        if (!enabled()) {
            return Mono.just(0L);
        }
        return scanAndDelete(CacheKeys.userPattern(userId), (redis, key) -> true);
    }

    /** Removes search results of generations that are no longer current (the scheduled sweep). */
    public Mono<Long> reclaimStaleEntries() {
        if (!enabled()) {
            return Mono.just(0L);
        }
        Map<String, String> currentByTag = new HashMap<>();
        return scanAndDelete(CacheKeys.allSearchResultsPattern(), (redis, key) -> {
            byte[] value = redis.get(key);
            String tag = CacheKeys.tagOf(key);
            String current = currentByTag.computeIfAbsent(tag, t -> generationOfTag(redis, t));
            return value != null && !CachedResult.generationOf(value).equals(current);
        });
    }

    private static String generationOfTag(RedisCommands<String, byte[]> redis, String tag) {
        byte[] value = redis.get(CacheKeys.generationForTag(tag));
        return value == null ? "" : new String(value, StandardCharsets.US_ASCII);
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

    private static String newToken() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

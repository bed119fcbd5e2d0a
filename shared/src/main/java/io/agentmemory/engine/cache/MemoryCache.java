package io.agentmemory.engine.cache;

import io.agentmemory.engine.Deadlines;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.observability.StageTimings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.connection.DisconnectedEvent;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The DragonflyDB/Redis cache: an accelerator, never a dependency. One Lettuce connection per execution
 * environment, a short command timeout, commands rejected (not queued) while disconnected, and a circuit
 * breaker so that a dead cache costs nothing once it is known dead. Reads that fail are misses; only
 * invalidation reports failure, because the caller must then record it elsewhere.
 */
public final class MemoryCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryCache.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    /** Generations outlive the entries they guard; if one expires anyway, the user just starts afresh. */
    private static final Duration GENERATION_TTL = Duration.ofDays(2);
    /**
     * Linux's default SecureRandom (NativePRNG) mixes fresh bytes from the kernel into every call, so tokens
     * stay unique across environments restored from one SnapStart snapshot.
     */
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EngineConfig config;
    private final CircuitBreaker breaker;
    private final RedisURI uri;
    private final Duration guardTimeout;
    private final Deadlines deadlines;
    private volatile ClientResources resources;
    private volatile RedisClient client;
    private volatile CompletableFuture<StatefulRedisConnection<String, byte[]>> connection;
    private volatile Disposable disconnectListener;
    /**
     * Set whenever this environment may have missed invalidations (cold start, disconnect, breaker opened):
     * before the cache is trusted again, the pending invalidations recorded in the database are applied.
     */
    private volatile boolean needsRecovery = true;
    private volatile Supplier<Mono<Void>> recovery = Mono::empty;

    public MemoryCache(EngineConfig config, Deadlines deadlines) {
        this.config = config;
        this.deadlines = deadlines;
        this.uri = RedisURI.create(config.redisUrl());
        this.uri.setTimeout(config.cacheCommandTimeout());
        this.uri.setClientName(config.clientName());
        this.guardTimeout = config.cacheCommandTimeout().multipliedBy(2).plusMillis(50);
        this.breaker = CircuitBreaker.of("cache", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(50)
                .waitDurationInOpenState(config.breakerOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            LOG.warn("cache circuit breaker {}", event.getStateTransition());
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                needsRecovery = true;
            }
        });
    }

    /** How the engine applies invalidations that could not reach the cache earlier. */
    public void onRecovery(Supplier<Mono<Void>> action) {
        this.recovery = action;
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    public boolean enabled() {
        return config.cacheEnabled();
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
        return recovered().then(call(redis -> getInSlots(redis, keys))).flatMap(tokens -> {
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
            return call(redis -> OneWrite.setIfAbsentThenGet(redis.getStatefulConnection(), CODEC, proposed,
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
        return recovered().then(call(redis -> getInSlots(redis, all))).map(replies -> {
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
        return call(redis -> getInSlots(redis, keys)).onErrorResume(e -> Mono.empty());
    }

    /**
     * The values of the keys, in their order (null where missing): one MGET per user's hash tag, all in one write,
     * so a single search's look-up is one command and a batch's one write and one reply; every MGET stays within
     * one cluster slot.
     */
    private static CompletableFuture<List<byte[]>> getInSlots(RedisAsyncCommands<String, byte[]> redis, List<String> keys) {
        Map<String, List<Integer>> positionsByTag = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            positionsByTag.computeIfAbsent(CacheKeys.tagOf(keys.get(i)), tag -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> groups = new ArrayList<>(positionsByTag.values());
        List<List<String>> keyGroups = groups.stream().map(group -> group.stream().map(keys::get).toList()).toList();
        return OneWrite.mget(redis.getStatefulConnection(), CODEC, keyGroups).thenApply(groupValues -> {
            List<byte[]> values = new ArrayList<>(Collections.nCopies(keys.size(), (byte[]) null));
            for (int g = 0; g < groups.size(); g++) {
                List<KeyValue<String, byte[]>> pairs = groupValues.get(g);
                for (int k = 0; k < pairs.size(); k++) {
                    values.set(groups.get(g).get(k), pairs.get(k).getValueOrElse(null));
                }
            }
            return values;
        });
    }

    /** Stores values with a time to live; a failure only means the next request misses. */
    public Mono<Void> putAll(Map<String, byte[]> entries, Duration ttl) {
        if (!enabled() || entries.isEmpty()) {
            return Mono.empty();
        }
        return call(redis -> OneWrite.setAll(redis.getStatefulConnection(), CODEC, entries, ttl)).then().onErrorResume(e -> Mono.empty());
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
        return call(redis -> OneWrite.setAll(redis.getStatefulConnection(), CODEC, tokens, GENERATION_TTL))
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
            // m:{tag}:s:{hash}
            String tag = key.substring(key.indexOf('{') + 1, key.indexOf('}'));
            String current = currentByTag.computeIfAbsent(tag, t -> generationOfTag(redis, t));
            return value != null && !CachedResult.generationOf(value).equals(current);
        });
    }

    private static String generationOfTag(RedisCommands<String, byte[]> redis, String tag) {
        byte[] value = redis.get(CacheKeys.generationForTag(tag));
        return value == null ? "" : new String(value, StandardCharsets.US_ASCII);
    }

    private Mono<Long> scanAndDelete(String pattern, BiPredicate<RedisCommands<String, byte[]>, String> shouldDelete) {
        return Mono.fromCallable(() -> {
                    var redis = connection().get().sync();
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
                })
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .as(work -> StageTimings.timed(StageTimings.Stage.CACHE, work));
    }

    /** Closes the connection (before a snapshot); the next call reconnects. */
    public void disconnect() {
        CompletableFuture<StatefulRedisConnection<String, byte[]>> c;
        RedisClient oldClient;
        ClientResources oldResources;
        synchronized (this) {
            c = connection;
            oldClient = client;
            oldResources = resources;
            connection = null;
            client = null;
            resources = null;
            needsRecovery = true;
        }
        if (disconnectListener != null) {
            disconnectListener.dispose();
        }
        if (c != null) {
            c.thenAccept(StatefulRedisConnection::close).exceptionally(e -> null);
        }
        if (oldClient != null) {
            oldClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (oldResources != null) {
            oldResources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    public boolean isConnected() {
        CompletableFuture<StatefulRedisConnection<String, byte[]>> c = connection;
        return c != null && c.isDone() && !c.isCompletedExceptionally() && c.join().isOpen();
    }

    @Override
    public void close() {
        disconnect();
    }

    private Mono<Void> recovered() {
        if (!needsRecovery) {
            return Mono.empty();
        }
        return Mono.defer(() -> recovery.get())
                .doOnSuccess(v -> needsRecovery = false)
                .onErrorMap(e -> new IllegalStateException("pending invalidations could not be applied", e));
    }

    private <T> Mono<T> call(Function<RedisAsyncCommands<String, byte[]>, CompletableFuture<T>> command) {
        return StageTimings.timed(StageTimings.Stage.CACHE,
                deadlines.within(Mono.defer(() -> Mono.fromCompletionStage(connection().thenCompose(c -> command.apply(c.async())))),
                                guardTimeout)
                        .transformDeferred(CircuitBreakerOperator.of(breaker))
                        .doOnError(e -> needsRecovery = true));
    }

    private CompletableFuture<StatefulRedisConnection<String, byte[]>> connection() {
        CompletableFuture<StatefulRedisConnection<String, byte[]>> c = connection;
        if (c != null && !(c.isDone() && (c.isCompletedExceptionally() || !c.join().isOpen() && !autoReconnecting(c)))) {
            return c;
        }
        synchronized (this) {
            if (connection == c) {
                if (client == null) {
                    resources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build();
                    client = RedisClient.create(resources);
                    client.setOptions(ClientOptions.builder()
                            .autoReconnect(true)
                            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                            .timeoutOptions(TimeoutOptions.enabled(config.cacheCommandTimeout()))
                            .socketOptions(SocketOptions.builder().connectTimeout(config.cacheCommandTimeout().multipliedBy(2))
                                    .keepAlive(true).build())
                            .build());
                    disconnectListener = resources.eventBus().get()
                            .filter(DisconnectedEvent.class::isInstance)
                            .subscribe(event -> needsRecovery = true);
                }
                connection = client.connectAsync(CODEC, uri).toCompletableFuture();
            }
            return connection;
        }
    }

    private static boolean autoReconnecting(CompletableFuture<StatefulRedisConnection<String, byte[]>> c) {
        // Lettuce keeps a dropped connection object and reconnects it in the background; keep using it
        // (commands are rejected until it is back) instead of opening a second connection.
        return c.join().getOptions().isAutoReconnect();
    }

    private static String newToken() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

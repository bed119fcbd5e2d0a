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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;

/**
 * The DragonflyDB/Redis cache: an accelerator, never a dependency. The commands the engine uses, in the key layout
 * of {@link CacheKeys}, over the environment's one {@link CacheConnection}. Reads that fail are misses and writes
 * that fail are dropped: no correctness depends on the cache (see {@code UserRevisions}).
 */
public final class MemoryCache implements AutoCloseable {

    /**
     * How long a look-up waits for a fill announced before it ({@link #announceFill}) to be handed to the
     * connection. The fill is a few hundred microseconds of work on the thread that just answered; the wait only
     * bounds a fill that never comes.
     */
    private static final Duration ANNOUNCED_FILL_WAIT = Duration.ofMillis(50);
    /** How long closing the connection waits for an announced fill: closing is rare, and not on a request's path. */
    private static final Duration ANNOUNCED_FILL_WAIT_BEFORE_CLOSING = Duration.ofSeconds(1);

    private final CacheSettings settings;
    private final CacheConnection connection;
    private final Deadlines deadlines;
    private final AtomicReference<CompletableFuture<Void>> announcedFill = new AtomicReference<>();

    public MemoryCache(EngineConfig config, Deadlines deadlines) {
        this.settings = config.cache();
        this.deadlines = deadlines;
        this.connection = new CacheConnection(settings, config.clientName(), deadlines);
    }

    /**
     * A fill that will be written once its search has answered. A search's results are cached after its caller has
     * them, so that encoding and sending them costs the caller nothing; announced before the answer, the fill is
     * still ahead of any look-up this environment starts afterwards, so a search asked again the moment the first
     * has answered finds it, as it did when the fill went first.
     */
    public final class AnnouncedFill {

        private final CompletableFuture<Void> handedOver = new CompletableFuture<>();

        private AnnouncedFill() {
        }

        /** Sends the entries without waiting for the cache's reply; a failure only means the next request misses. */
        public void send(Map<String, byte[]> entries, Duration ttl) {
            try {
                putAll(entries, ttl).subscribe();
            } finally {
                handedOver.complete(null);
            }
        }
    }

    /** See {@link AnnouncedFill}; the caller must {@link AnnouncedFill#send} it, or look-ups wait for it in vain. */
    public AnnouncedFill announceFill() {
        AnnouncedFill fill = new AnnouncedFill();
        announcedFill.set(fill.handedOver);
        return fill;
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
        Mono<List<byte[]>> read = connection.call(redis -> valuesOf(redis, keys)).onErrorResume(e -> Mono.empty());
        CompletableFuture<Void> fill = announcedFill.get();
        if (fill == null || fill.isDone()) {
            return read;
        }
        // Commands on the connection go out in the order they are handed to it: once the fill is handed over, it
        // is ahead of this look-up.
        return deadlines.within(Mono.fromFuture(fill, true), ANNOUNCED_FILL_WAIT).onErrorResume(e -> Mono.empty()).then(read);
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

    /**
     * Closes the connection (before a snapshot); the next call reconnects. A fill announced by a search that has just
     * answered (say the one that primed the environment) is let go out first: sent afterwards, it would open a new
     * connection that the snapshot would then hold.
     */
    public void disconnect() {
        CompletableFuture<Void> fill = announcedFill.get();
        if (fill != null) {
            try {
                fill.get(ANNOUNCED_FILL_WAIT_BEFORE_CLOSING.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // A fill that never went out: nothing to wait for.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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

package io.agentmemory.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Weigher;

import java.time.Duration;

/**
 * Bounded in-process caches (Caffeine) that keep their upkeep on the caller's thread. By default Caffeine hands
 * eviction and buffer draining to the common fork-join pool after writes: a cache miss search, which stores ten
 * hits' flags and its query vector, woke that pool's threads 11-14 times, each wake-up a thread the scheduler
 * must fit in beside the handler, the network event loops and PostgreSQL on an environment's one or two vCPUs.
 * The upkeep itself is a few microseconds.
 */
public final class InProcessCache {

    private InProcessCache() {
    }

    public static <K, V> Cache<K, V> bounded(long maximumSize) {
        return Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
    }

    /** Bounded by the entries' total weight (say their bytes), each entry kept at most {@code lifetime}. */
    public static <K, V> Cache<K, V> weighed(long maximumWeight, Weigher<K, V> weigher, Duration lifetime) {
        return Caffeine.newBuilder().maximumWeight(maximumWeight).weigher(weigher).expireAfterWrite(lifetime)
                .executor(Runnable::run).build();
    }
}

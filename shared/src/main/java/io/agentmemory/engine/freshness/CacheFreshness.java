package io.agentmemory.engine.freshness;

import io.agentmemory.engine.cache.MemoryCache;
import io.agentmemory.engine.store.BacklogStatements;
import io.agentmemory.engine.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.List;

/**
 * Read-your-writes across the cache. A write commits, then replaces the user's cache generation, and only then
 * answers; a search reads the generation before it reads the database and caches its result under it, so a
 * result computed before a write can never be found after the write has answered. When the cache can't be
 * reached, the users are recorded in the database's backlog instead, and every environment applies the backlog
 * before it trusts the cache again.
 */
public final class CacheFreshness {

    private static final Logger LOG = LoggerFactory.getLogger(CacheFreshness.class);
    /** The admin operations allowed to read and clear the backlog (see the row-level security policies). */
    static final String RECOVERY = "cache-recovery";
    static final String SWEEP = "sweep";

    private final Database database;
    private final MemoryCache cache;

    public CacheFreshness(Database database, MemoryCache cache) {
        this.database = database;
        this.cache = cache;
        cache.onRecovery(() -> applyPendingInvalidations(RECOVERY).then());
    }

    /** Rotates the users' cache generations after a write; finishes before it answers (no background work survives on Lambda). */
    public Mono<Void> afterWrite(Collection<String> userIds) {
        if (!cache.enabled()) {
            return Mono.empty();
        }
        return cache.rotateGenerations(userIds)
                .onErrorResume(e -> {
                    LOG.warn("cache invalidation failed ({}); recording {} user(s) for later", e.getClass().getSimpleName(), userIds.size());
                    return Flux.fromIterable(userIds)
                            .concatMap(u -> database.forUsers(List.of(u), c -> BacklogStatements.add(c, u)))
                            .then()
                            .onErrorResume(e2 -> {
                                LOG.error("could not record a pending cache invalidation: {}", e2.getClass().getSimpleName());
                                return Mono.empty();
                            });
                });
    }

    /** Rotates the generations of every user in the backlog and clears them from it; the number of users cleared. */
    Mono<Long> applyPendingInvalidations(String operation) {
        return database.asAdmin(operation, List.of(), BacklogStatements::pending)
                .flatMap(users -> users.isEmpty() ? Mono.just(0L)
                        : cache.rotateGenerations(users)
                        .then(database.asAdmin(operation, List.of(), c -> BacklogStatements.remove(c, users)))
                        .doOnSuccess(n -> LOG.info("applied {} pending cache invalidation(s)", users.size())));
    }
}

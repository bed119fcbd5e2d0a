package io.agentmemory.engine.freshness;

import io.agentmemory.engine.api.SweepReport;
import io.agentmemory.engine.cache.MemoryCache;
import io.agentmemory.engine.store.Database;
import io.agentmemory.engine.store.IdempotencyStatements;
import io.agentmemory.engine.store.MemoryStatements;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The scheduled sweep: deletes expired memories and old idempotency records, applies pending invalidations and
 * reclaims cache entries of generations that are no longer current.
 */
public final class Sweep {

    private final Database database;
    private final MemoryCache cache;
    private final CacheFreshness freshness;
    private final Duration idempotencyKeyTtl;

    public Sweep(Database database, MemoryCache cache, CacheFreshness freshness, Duration idempotencyKeyTtl) {
        this.database = database;
        this.cache = cache;
        this.freshness = freshness;
        this.idempotencyKeyTtl = idempotencyKeyTtl;
    }

    public Mono<SweepReport> run() {
        Instant cutoff = Instant.now().minus(idempotencyKeyTtl);
        return database.asAdmin(CacheFreshness.SWEEP, List.of(), c -> MemoryStatements.deleteExpired(c)
                        .zipWith(IdempotencyStatements.deleteBefore(c, cutoff)))
                .flatMap(deleted -> {
                    Set<String> users = new LinkedHashSet<>(deleted.getT1());
                    return freshness.afterWrite(users)
                            .then(freshness.applyPendingInvalidations(CacheFreshness.SWEEP).onErrorResume(e -> Mono.just(0L)))
                            .zipWith(cache.reclaimStaleEntries().onErrorResume(e -> Mono.just(0L)),
                                    (applied, stale) -> new SweepReport(deleted.getT1().size(), deleted.getT2(), stale, applied));
                });
    }
}

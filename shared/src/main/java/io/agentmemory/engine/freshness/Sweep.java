package io.agentmemory.engine.freshness;

import io.agentmemory.engine.api.SweepReport;
import io.agentmemory.engine.cache.MemoryCache;
import io.agentmemory.engine.store.Database;
import io.agentmemory.engine.store.IdempotencyStatements;
import io.agentmemory.engine.store.MemoryStatements;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The scheduled sweep: deletes expired memories (their users' revisions rise with the deletion, so no cached result
 * shows them again) and old idempotency records, and reclaims cache entries that show a memory which has expired.
 */
public final class Sweep {

    /** The admin operation the row-level security policies let read and delete expired memories. */
    static final String SWEEP = "sweep";

    private final Database database;
    private final MemoryCache cache;
    private final Duration idempotencyKeyTtl;

    public Sweep(Database database, MemoryCache cache, Duration idempotencyKeyTtl) {
        this.database = database;
        this.cache = cache;
        this.idempotencyKeyTtl = idempotencyKeyTtl;
    }

    public Mono<SweepReport> run() {
        Instant cutoff = Instant.now().minus(idempotencyKeyTtl);
        return database.asAdmin(SWEEP, List.of(), c -> MemoryStatements.deleteExpired(c)
                        .zipWith(IdempotencyStatements.deleteBefore(c, cutoff)))
                .zipWith(cache.reclaimStaleEntries().onErrorResume(e -> Mono.just(0L)),
                        (deleted, stale) -> new SweepReport(deleted.getT1().size(), deleted.getT2(), stale));
    }
}

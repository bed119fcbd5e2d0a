package io.agentmemory.engine.travel;

import com.fasterxml.jackson.databind.JavaType;
import io.agentmemory.engine.EngineJson;
import io.agentmemory.engine.api.Memory;
import io.agentmemory.engine.api.UserContext;
import io.agentmemory.engine.cache.CacheKeys;
import io.agentmemory.engine.cache.CachedResult;
import io.agentmemory.engine.cache.LocalResults;
import io.agentmemory.engine.cache.MemoryCache;
import io.agentmemory.engine.freshness.UserRevisions;
import io.agentmemory.engine.store.Database;
import io.agentmemory.engine.store.MemoryStatements;
import io.agentmemory.engine.store.RevisionStatements;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The user's memories grouped for a travel planner, with insights and a summary, from one SQL statement. Cached like
 * search results, with the user's revision it was built at, so every write makes it stale at once.
 */
public final class ContextOperation {

    /** The context reads at most this many of a user's memories (the oldest first), bounding its cost. */
    public static final int MEMORIES_MAX = 1_000;
    private static final JavaType CONTEXT = EngineJson.MAPPER.getTypeFactory().constructType(UserContext.class);

    private final Database database;
    private final MemoryCache cache;
    private final LocalResults local;
    private final UserRevisions revisions;
    private final Duration ttl;

    public ContextOperation(Database database, MemoryCache cache, LocalResults local, UserRevisions revisions, Duration ttl) {
        this.database = database;
        this.cache = cache;
        this.local = local;
        this.revisions = revisions;
        this.ttl = ttl;
    }

    /**
     * Served like a search result: from this environment's own copy or the shared cache, only while computed at the
     * user's current revision and before any memory in it expires; built from the memories otherwise.
     *
     * @param type one group's field name (e.g. {@code budgetPatterns}) to fill only that group, or null for all
     */
    public Mono<UserContext> context(String userId, String type) {
        return Mono.defer(() -> {
            ContextGroup only = TravelRequests.contextGroup(userId, type);
            String key = CacheKeys.context(userId, CacheKeys.hash("context\u0001" + (only == null ? "" : only.field())));
            List<byte[]> held = local.getAll(List.of(key));
            if (held == null) {
                return fromSharedCache(userId, only, key);
            }
            return revisions.current(List.of(userId)).flatMap(current -> {
                byte[] payload = local.payloadIfCurrent(key, held.get(0), current.get(userId), System.currentTimeMillis());
                return payload != null ? Mono.just(EngineJson.read(payload, CONTEXT)) : fromSharedCache(userId, only, key);
            });
        });
    }

    private Mono<UserContext> fromSharedCache(String userId, ContextGroup only, String key) {
        return cache.getAll(List.of(key)).defaultIfEmpty(List.of()).flatMap(values -> {
            boolean reached = !values.isEmpty();
            byte[] value = reached ? values.get(0) : null;
            Mono<UserContext> cached = value == null ? Mono.empty() : revisions.current(List.of(userId))
                    .flatMap(current -> Mono.justOrEmpty(CachedResult.payloadIfCurrent(value, current.get(userId),
                            System.currentTimeMillis())))
                    .doOnNext(payload -> local.put(key, userId, value))
                    .map(payload -> EngineJson.read(payload, CONTEXT));
            return cached.switchIfEmpty(Mono.defer(() -> fromDatabase(userId, only, reached ? key : null)));
        });
    }

    /**
     * Reads the revision before the memories (a change committed in between then makes this copy stale at once,
     * never the other way round), builds the context and, when the cache answered, caches it under that revision,
     * in the shared cache and as this environment's copy.
     */
    private Mono<UserContext> fromDatabase(String userId, ContextGroup only, String cacheKey) {
        return database.forUsers(List.of(userId), c -> RevisionStatements.current(c, List.of(userId))
                        .flatMap(revision -> MemoryStatements.contextMemories(c, userId, MEMORIES_MAX)
                                .map(memories -> new Read(revision.getOrDefault(userId, 0L), memories))))
                .flatMap(read -> {
                    UserContext built = TravelContextBuilder.build(userId, read.memories(), only);
                    if (cacheKey == null) {
                        return Mono.just(built);
                    }
                    long validUntil = read.memories().stream().map(Memory::expiresAt).filter(java.util.Objects::nonNull)
                            .mapToLong(Instant::toEpochMilli).min().orElse(CachedResult.NO_EXPIRY);
                    byte[] value = CachedResult.encode(read.revision(), validUntil, EngineJson.bytes(built));
                    cache.putAll(Map.of(cacheKey, value), ttl).subscribe();
                    local.put(cacheKey, userId, value);
                    return Mono.just(built);
                });
    }

    private record Read(long revision, List<Memory> memories) {
    }
}

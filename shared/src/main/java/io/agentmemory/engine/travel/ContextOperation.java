package io.agentmemory.engine.travel;

import com.fasterxml.jackson.databind.JavaType;
import io.agentmemory.engine.EngineJson;
import io.agentmemory.engine.api.UserContext;
import io.agentmemory.engine.cache.CacheKeys;
import io.agentmemory.engine.cache.MemoryCache;
import io.agentmemory.engine.store.Database;
import io.agentmemory.engine.store.MemoryStatements;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The user's memories grouped for a travel planner, with insights and a summary, from one SQL statement. Cached
 * under the user's generation like search results, so every write makes it stale at once.
 */
public final class ContextOperation {

    /** The context reads at most this many of a user's memories (the oldest first), bounding its cost. */
    public static final int MEMORIES_MAX = 1_000;
    private static final JavaType CONTEXT = EngineJson.MAPPER.getTypeFactory().constructType(UserContext.class);

    private final Database database;
    private final MemoryCache cache;
    private final Duration ttl;

    public ContextOperation(Database database, MemoryCache cache, Duration ttl) {
        this.database = database;
        this.cache = cache;
        this.ttl = ttl;
    }

    /** @param type one group's field name (e.g. {@code budgetPatterns}) to fill only that group, or null for all */
    public Mono<UserContext> context(String userId, String type) {
        return Mono.defer(() -> {
            ContextGroup only = TravelRequests.contextGroup(userId, type);
            String variant = CacheKeys.hash("context\u0001" + (only == null ? "" : only.field()));
            return cache.generations(List.of(userId)).defaultIfEmpty(Map.of()).flatMap(generations -> {
                String generation = generations.get(userId);
                String key = generation == null ? null : CacheKeys.context(userId, generation, variant);
                Mono<UserContext> cached = key == null ? Mono.empty() : cache.getAll(List.of(key))
                        .flatMap(values -> values.isEmpty() || values.get(0) == null ? Mono.empty()
                                : Mono.just(EngineJson.read(values.get(0), CONTEXT)));
                return cached.switchIfEmpty(Mono.defer(() -> database
                        .forUsers(List.of(userId), c -> MemoryStatements.contextMemories(c, userId, MEMORIES_MAX))
                        .map(memories -> TravelContextBuilder.build(userId, memories, only))
                        .flatMap(built -> key == null ? Mono.just(built)
                                // Context changes only when memories do, and every write rotates the generation.
                                : cache.putAll(Map.of(key, EngineJson.bytes(built)), ttl).thenReturn(built))));
            });
        });
    }
}

package io.agentmemory.engine.manage;

import io.agentmemory.engine.EngineJson;
import io.agentmemory.engine.api.DeletionReport;
import io.agentmemory.engine.api.HistoryEntry;
import io.agentmemory.engine.api.Memory;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.MemoryNotFoundException;
import io.agentmemory.engine.api.MemoryPage;
import io.agentmemory.engine.api.MemoryUpdate;
import io.agentmemory.engine.api.RequestValidator;
import io.agentmemory.engine.api.ValidationException;
import io.agentmemory.engine.cache.LocalResults;
import io.agentmemory.engine.cache.MemoryCache;
import io.agentmemory.engine.embedding.QueryEmbeddings;
import io.agentmemory.engine.extraction.TextNormalizer;
import io.agentmemory.engine.facts.FactAttributes;
import io.agentmemory.engine.facts.FactReadings;
import io.agentmemory.engine.store.Database;
import io.agentmemory.engine.store.HistoryStatements;
import io.agentmemory.engine.store.IdempotencyStatements;
import io.agentmemory.engine.store.MemoryStatements;
import io.agentmemory.engine.store.RevisionStatements;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.UUID;

/** One user's memories one at a time: list, get, update, delete, their history, and erasing the user. */
public final class ManageOperation {

    private final Database database;
    private final MemoryCache cache;
    private final QueryEmbeddings embeddings;
    private final LocalResults localResults;

    public ManageOperation(Database database, MemoryCache cache, LocalResults localResults, QueryEmbeddings embeddings) {
        this.database = database;
        this.cache = cache;
        this.localResults = localResults;
        this.embeddings = embeddings;
    }

    public Mono<MemoryPage> list(String userId, int limit, String cursor) {
        return Mono.defer(() -> {
            RequestValidator.validatePage(userId, limit);
            ListCursor after = ListCursor.decode(cursor);
            return database.forUsers(List.of(userId), c -> MemoryStatements.page(c, userId, after == null ? null : after.createdAt(),
                    after == null ? null : after.id(), limit + 1)).map(rows -> {
                if (rows.size() <= limit) {
                    return new MemoryPage(rows, null);
                }
                List<Memory> page = rows.subList(0, limit);
                Memory last = page.get(limit - 1);
                return new MemoryPage(List.copyOf(page), new ListCursor(last.createdAt(), last.id()).encode());
            });
        });
    }

    public Mono<Memory> get(String userId, UUID memoryId) {
        return Mono.defer(() -> {
            RequestValidator.validateUserId(userId);
            return database.forUsers(List.of(userId), c -> MemoryStatements.find(c, userId, memoryId, false))
                    .switchIfEmpty(Mono.error(() -> new MemoryNotFoundException(memoryId)));
        });
    }

    public Mono<Memory> update(String userId, UUID memoryId, MemoryUpdate update) {
        return Mono.defer(() -> {
            RequestValidator.validate(userId, update);
            Mono<List<float[]>> vector = update.memory() == null ? Mono.just(List.of())
                    : embeddings.embedForStorage(List.of(update.memory()));
            String metadata = update.metadata() == null ? null : EngineJson.write(update.metadata());
            return vector.flatMap(v -> database.asWriterOf(userId, c -> MemoryStatements.find(c, userId, memoryId, true)
                            .switchIfEmpty(Mono.error(() -> new MemoryNotFoundException(memoryId)))
                            .flatMap(current -> {
                                Mono<Void> text = Mono.empty();
                                if (update.memory() != null && !update.memory().equals(current.memory())) {
                                    text = MemoryStatements.replaceTextWithHistory(c, userId, memoryId, update.memory(),
                                            TextNormalizer.key(update.memory()), v.get(0), embeddings.model().name(), current.memory(),
                                            FactReadings.attributeKeyOf(update.memory()), FactAttributes.READING).then();
                                }
                                Mono<Long> attributes = metadata == null && update.categories() == null ? Mono.just(0L)
                                        : MemoryStatements.updateAttributes(c, userId, memoryId, metadata, update.categories());
                                return text.then(attributes).then(MemoryStatements.find(c, userId, memoryId, false));
                            })))
                    .onErrorMap(R2dbcDataIntegrityViolationException.class,
                            e -> ValidationException.of("memory", "another memory of this user already says this"));
        });
    }

    public Mono<Void> delete(String userId, UUID memoryId) {
        return Mono.defer(() -> {
            RequestValidator.validateUserId(userId);
            return database.asWriterOf(userId, c -> MemoryStatements.deleteOne(c, userId, memoryId)
                            .switchIfEmpty(Mono.error(() -> new MemoryNotFoundException(memoryId)))
                            .flatMap(old -> HistoryStatements.record(c, memoryId, userId, MemoryEvent.DELETE, old, null)));
        });
    }

    /** Erases everything of one user: memories, history, idempotency records and cache entries (shared and this environment's). */
    public Mono<DeletionReport> deleteAll(String userId) {
        return Mono.defer(() -> {
            RequestValidator.validateUserId(userId);
            return database.asWriterOf(userId, c -> MemoryStatements.deleteUser(c, userId)
                            .zipWith(HistoryStatements.deleteUser(c, userId))
                            .zipWith(IdempotencyStatements.deleteUser(c, userId),
                                    (t, keys) -> new long[]{t.getT1(), t.getT2(), keys})
                            // Last: deleting the memories raised the revision, and the row must not outlive the user.
                            .flatMap(counts -> RevisionStatements.forget(c, userId).thenReturn(counts)))
                    .doOnNext(counts -> localResults.forgetUser(userId))
                    .flatMap(counts -> cache.deleteUserEntries(userId).onErrorResume(e -> Mono.just(0L))
                            .map(cacheEntries -> new DeletionReport(userId, counts[0], counts[1], counts[2], cacheEntries)));
        });
    }

    public Mono<List<HistoryEntry>> history(String userId, UUID memoryId) {
        return Mono.defer(() -> {
            RequestValidator.validateUserId(userId);
            return database.forUsers(List.of(userId), c -> HistoryStatements.of(c, userId, memoryId))
                    .filter(entries -> !entries.isEmpty())
                    .switchIfEmpty(Mono.error(() -> new MemoryNotFoundException(memoryId)));
        });
    }
}

package io.agentmemory.engine;

import io.agentmemory.engine.api.*;
import io.agentmemory.engine.config.EngineConfig;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.UUID;

/**
 * The memory engine: the one API every function uses. Non-blocking; every method returns a cold Mono.
 * Connections open lazily on first use and can be closed (before a snapshot) and reopened transparently.
 */
public final class MemoryEngine implements AutoCloseable {

    public static MemoryEngine create(EngineConfig config) {
        throw new UnsupportedOperationException("in progress");
    }

    public Mono<AddResult> add(AddRequest request) { throw new UnsupportedOperationException(); }

    public Mono<SearchResult> search(SearchRequest request) { throw new UnsupportedOperationException(); }

    /** Up to 100 searches for any users, answered in input order; a failed item does not fail the others. */
    public Mono<List<BatchItemResult>> searchBatch(List<SearchRequest> requests) { throw new UnsupportedOperationException(); }

    public Mono<Void> invalidate(String userId) { throw new UnsupportedOperationException(); }

    public Mono<SweepReport> sweep() { throw new UnsupportedOperationException(); }

    public Mono<MemoryPage> list(String userId, int limit, String cursor) { throw new UnsupportedOperationException(); }

    public Mono<Memory> get(String userId, UUID memoryId) { throw new UnsupportedOperationException(); }

    public Mono<Memory> update(String userId, UUID memoryId, MemoryUpdate update) { throw new UnsupportedOperationException(); }

    public Mono<Void> delete(String userId, UUID memoryId) { throw new UnsupportedOperationException(); }

    public Mono<DeletionReport> deleteAll(String userId) { throw new UnsupportedOperationException(); }

    public Mono<List<HistoryEntry>> history(String userId, UUID memoryId) { throw new UnsupportedOperationException(); }

    /** Loads the model and runs the hot code paths once, so that a snapshot taken afterwards is warm. */
    public void prime() { throw new UnsupportedOperationException(); }

    /** Closes every database and cache connection (before a snapshot); the next call reopens them. */
    public void suspendConnections() { throw new UnsupportedOperationException(); }

    @Override
    public void close() { }
}

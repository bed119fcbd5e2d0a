package io.agentmemory.engine;

import io.agentmemory.engine.add.AddOperation;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.BatchItemResult;
import io.agentmemory.engine.api.DeletionReport;
import io.agentmemory.engine.api.HistoryEntry;
import io.agentmemory.engine.api.Memory;
import io.agentmemory.engine.api.MemoryPage;
import io.agentmemory.engine.api.MemoryUpdate;
import io.agentmemory.engine.api.RequestValidator;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.SearchResult;
import io.agentmemory.engine.api.SweepReport;
import io.agentmemory.engine.api.TravelPreferences;
import io.agentmemory.engine.api.UserContext;
import io.agentmemory.engine.bedrock.ConfiguredModels;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.extraction.FactExtractor;
import io.agentmemory.engine.freshness.UserRevisions;
import io.agentmemory.engine.store.DatabaseCredentials;
import io.agentmemory.engine.freshness.Sweep;
import io.agentmemory.engine.manage.ManageOperation;
import io.agentmemory.engine.search.SearchOperation;
import io.agentmemory.engine.travel.ContextOperation;
import io.agentmemory.engine.travel.PreferencesOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The memory engine: the one API every function uses, one line per operation; each operation lives in a room of
 * its own (see ARCHITECTURE.md). Non-blocking: every method returns a cold Mono, which waits on no network call on
 * an event loop. (Where the settings give it a caller's-thread connection, a cached answer's revision check blocks
 * for its round trip on a thread that may block: see CallerThreadConnection.)
 * An in-process model's few milliseconds of CPU do run on the thread that has the texts in hand, often the one that
 * subscribes (an add's facts, a new query's text while the cache is asked for it): subscribe from a thread that may
 * compute, not from an event loop that serves others. Connections open lazily on first use and can be closed
 * (before a snapshot) and reopened transparently.
 */
public final class MemoryEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryEngine.class);

    private final EngineAssembly parts;
    private final UserRevisions revisions;
    private final AddOperation adds;
    private final SearchOperation searches;
    private final ManageOperation memories;
    private final ContextOperation contexts;
    private final PreferencesOperation preferences;
    private final Sweep sweep;

    MemoryEngine(EngineConfig config, DatabaseCredentials credentials, EmbeddingModel model, FactExtractor extractor) {
        EngineAssembly p = EngineAssembly.build(config, credentials, model, extractor);
        this.parts = p;
        this.revisions = new UserRevisions(p.database());
        this.adds = new AddOperation(p.database(), p.embeddings(), p.extractor(), p.ranking(),
                config.writes().decisionCandidates());
        this.searches = new SearchOperation(p.database(), p.cache(), p.localResults(), p.embeddings(), p.ranking(), revisions,
                config.database().pooledConnections(), config.cache().searchResultTtl());
        this.memories = new ManageOperation(p.database(), p.cache(), p.localResults(), p.embeddings());
        this.contexts = new ContextOperation(p.database(), p.cache(), p.localResults(), revisions,
                config.cache().searchResultTtl().multipliedBy(3));
        this.preferences = new PreferencesOperation(p.database(), p.embeddings());
        this.sweep = new Sweep(p.database(), p.cache(), config.writes().idempotencyKeyTtl());
    }

    /**
     * An engine with the configured model and extractor: by default the in-process model (loaded once per process)
     * and the local rule-based extractor; Amazon Bedrock's when the settings name it.
     */
    public static MemoryEngine create(EngineConfig config) {
        return create(config, (DatabaseCredentials) null);
    }

    /**
     * As {@link #create(EngineConfig)}, with database logins that can change while the engine lives (a rotated
     * secret): every new connection asks {@code credentials}; null means the settings' fixed login.
     */
    public static MemoryEngine create(EngineConfig config, DatabaseCredentials credentials) {
        ConfiguredModels models = new ConfiguredModels(config.models());
        return new MemoryEngine(config, credentials,
                models.embeddingModel(() -> EngineAssembly.inProcessModel(config.models().inProcessModel())), models.extractor());
    }

    public static MemoryEngine create(EngineConfig config, EmbeddingModel model, FactExtractor extractor) {
        return new MemoryEngine(config, null, model, extractor);
    }

    public EmbeddingModel embeddingModel() {
        return parts.embeddings().model();
    }

    public Mono<AddResult> add(AddRequest request) {
        return adds.add(request);
    }

    public Mono<SearchResult> search(SearchRequest request) {
        return searches.search(request);
    }

    /** Up to 100 searches for any users, answered in input order; a failed item does not fail the others. */
    public Mono<List<BatchItemResult>> searchBatch(List<SearchRequest> requests) {
        return searches.searchBatch(requests);
    }

    /** @param type one group's field name (e.g. {@code budgetPatterns}) to fill only that group, or null for all */
    public Mono<UserContext> context(String userId, String type) {
        return contexts.context(userId, type);
    }

    public Mono<AddResult> setPreferences(String userId, TravelPreferences travelPreferences, String category) {
        return preferences.setPreferences(userId, travelPreferences, category);
    }

    /** Makes the user's cached results stale in every environment (a revision raised in the database). */
    public Mono<Void> invalidate(String userId) {
        return Mono.defer(() -> {
            RequestValidator.validateUserId(userId);
            return revisions.invalidate(userId);
        });
    }

    /** Deletes expired memories and old idempotency records, reclaims cache entries that show an expired memory. */
    public Mono<SweepReport> sweep() {
        return sweep.run();
    }

    public Mono<MemoryPage> list(String userId, int limit, String cursor) {
        return memories.list(userId, limit, cursor);
    }

    public Mono<Memory> get(String userId, UUID memoryId) {
        return memories.get(userId, memoryId);
    }

    public Mono<Memory> update(String userId, UUID memoryId, MemoryUpdate update) {
        return memories.update(userId, memoryId, update);
    }

    public Mono<Void> delete(String userId, UUID memoryId) {
        return memories.delete(userId, memoryId);
    }

    /** Erases everything of one user: memories, history, idempotency records and cache entries. */
    public Mono<DeletionReport> deleteAll(String userId) {
        return memories.deleteAll(userId);
    }

    public Mono<List<HistoryEntry>> history(String userId, UUID memoryId) {
        return memories.history(userId, memoryId);
    }

    /**
     * Loads the model and runs the hot code paths once (embedding, JSON mapping, a read-only search, an add's reads),
     * so a snapshot taken afterwards is warm. Never writes. A database that can't be reached is not an error here.
     */
    public void prime() {
        embeddingModel().embedAll(List.of("prime the embedding model", "and its batch path"));
        SearchOperation.warmUp();
        parts.callerThread().openNow();
        try {
            search(SearchRequest.of("__prime__", "warm up the search path")).block(Duration.ofSeconds(5));
            // A cached answer's revision check, on this thread where the settings ask for it.
            revisions.current(List.of("__prime__")).block(Duration.ofSeconds(5));
            // An add's two reads (no write), which bind vectors where the search binds one.
            adds.warmUp("__prime__").block(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warn("priming could not reach a backing service ({}); continuing", e.getClass().getSimpleName());
        }
    }

    /** Closes every database and cache connection (before a snapshot); the next call reopens them. */
    public void suspendConnections() {
        parts.suspendConnections();
    }

    public EngineStats stats() {
        return parts.stats();
    }

    @Override
    public void close() {
        suspendConnections();
    }
}

package io.agentmemory.engine;

import io.agentmemory.engine.cache.LocalResults;
import io.agentmemory.engine.cache.MemoryCache;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.embedding.InProcessModel;
import io.agentmemory.engine.embedding.OnnxSentenceEmbeddingModel;
import io.agentmemory.engine.embedding.QueryEmbeddings;
import io.agentmemory.engine.extraction.FactExtractor;
import io.agentmemory.engine.store.CallerThreadConnection;
import io.agentmemory.engine.store.Database;
import io.agentmemory.engine.store.DatabaseCredentials;
import io.agentmemory.engine.store.ReopenableConnectionPool;
import io.agentmemory.engine.store.SearchRanking;

/**
 * What the operations share, built from the configuration: the connection pool and the database calls on it,
 * the cache, the embedding model, the extractor and the search ranking. Connections open lazily on first use.
 */
record EngineAssembly(EngineConfig config, Deadlines deadlines, ReopenableConnectionPool pool, Database database,
                      CallerThreadConnection callerThread, MemoryCache cache, LocalResults localResults, QueryEmbeddings embeddings, FactExtractor extractor, SearchRanking ranking) {

    static EngineAssembly build(EngineConfig config, DatabaseCredentials credentials, EmbeddingModel model, FactExtractor extractor) {
        // Time limits of this engine's calls; they stop with its connections.
        Deadlines deadlines = new Deadlines();
        ReopenableConnectionPool pool = new ReopenableConnectionPool(config, deadlines, credentials);
        CallerThreadConnection callerThread = CallerThreadConnection.of(config, pool.url(), pool.credentials());
        return new EngineAssembly(config, deadlines, pool, new Database(pool, callerThread, config.database().callBudget(), deadlines),
                callerThread, new MemoryCache(config, deadlines), localResults(config), new QueryEmbeddings(model), extractor,
                SearchRanking.of(config.search(), model.name(), model.cosineScale()));
    }

    /** Results kept in the environment's own memory only where results are cached at all. */
    private static LocalResults localResults(EngineConfig config) {
        return config.cache().enabled()
                ? LocalResults.of(config.cache().localResultsMegabytes(), config.cache().searchResultTtl())
                : LocalResults.off();
    }

    /** An in-process model is loaded once per process and shared by every engine in it that uses it. */
    static synchronized EmbeddingModel inProcessModel(InProcessModel spec) {
        return SharedModels.LOADED.computeIfAbsent(spec, OnnxSentenceEmbeddingModel::load);
    }

    private static final class SharedModels {
        private static final java.util.Map<InProcessModel, OnnxSentenceEmbeddingModel> LOADED = new java.util.EnumMap<>(InProcessModel.class);
    }

    /** Closes every database and cache connection (before a snapshot); the next call reopens them. */
    void suspendConnections() {
        pool.close();
        callerThread.close();
        cache.disconnect();
        deadlines.suspend();
    }

    EngineStats stats() {
        return new EngineStats(pool.connectionsOpened(), pool.isOpen(), callerThread.connectionsOpened(), callerThread.isOpen(), callerThread.runs(),
                cache.isConnected(), cache.breakerState().name());
    }
}

package io.agentmemory.bench.systems;

import io.agentmemory.bench.data.BenchCache;
import io.agentmemory.bench.data.BenchDatabase;
import io.agentmemory.bench.data.ExactRanking;
import io.agentmemory.bench.data.SeedDataSet;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.extraction.FactExtractor;

import java.util.List;
import java.util.OptionalLong;

/**
 * One way of serving the workload. It is opened once per run as a number of execution environments; each
 * worker of the benchmark drives its own environment, one operation at a time, like a Lambda environment.
 */
public interface MemorySystem extends AutoCloseable {

    /** The system a benchmark name stands for, over the same data, model and extractor as every other. */
    static MemorySystem create(String name, BenchDatabase database, BenchCache cache, SeedDataSet seed, EmbeddingModel model,
                               FactExtractor extractor) {
        return switch (name) {
            case "original" -> new OriginalDesignSystem(database, seed, model, extractor);
            case "service" -> new ServiceSystem(database, cache, seed);
            case "langchain4j" -> new LangChain4jSystem(database, seed, new LangChain4jEmbeddingModel(model), extractor);
            case "springai" -> new SpringAiSystem(database, seed, new SpringAiEmbeddingModel(model), extractor);
            default -> throw new IllegalArgumentException("unknown system " + name);
        };
    }

    String name();

    /** Puts this system's data back to the seeded state, before its warm-up and before its measured run. */
    void restoreData() throws Exception;

    List<SystemEnvironment> openEnvironments(int count) throws Exception;

    /** The exact ranking of the table this system searches: the yardstick of its recall. */
    ExactRanking exactRanking();

    /** The PostgreSQL application_name prefix of this system's connections. */
    String connectionNamePrefix();

    /** How many execution environments hold database connections (a Lambda function's environments count separately). */
    int environmentsHoldingConnections(int workers);

    /**
     * Database connections this system has opened so far, when it counts them itself. A system that opens one per
     * operation does: its connections live too briefly for sampling pg_stat_activity to see them all.
     */
    default OptionalLong connectionsOpened() {
        return OptionalLong.empty();
    }

    @Override
    void close() throws Exception;
}

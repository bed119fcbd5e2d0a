package io.agentmemory.engine.testing;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;

import java.util.function.Function;

/**
 * Two engines over the test database and cache, as two execution environments of a deployment are, each with the
 * real model behind a test's own wrapper.
 */
public final class TwoEnvironments<M extends EmbeddingModel> implements AutoCloseable {

    public final M firstModel;
    public final M secondModel;
    public final MemoryEngine first;
    public final MemoryEngine second;

    public TwoEnvironments(Function<EmbeddingModel, M> wrapper) {
        EmbeddingModel real = EngineFixture.engine().embeddingModel();
        firstModel = wrapper.apply(real);
        secondModel = wrapper.apply(real);
        first = MemoryEngine.create(TestServices.get().config(), firstModel, new RuleBasedFactExtractor());
        second = MemoryEngine.create(TestServices.get().config(), secondModel, new RuleBasedFactExtractor());
    }

    @Override
    public void close() {
        first.close();
        second.close();
    }
}

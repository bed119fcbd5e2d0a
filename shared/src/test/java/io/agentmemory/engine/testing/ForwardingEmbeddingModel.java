package io.agentmemory.engine.testing;

import io.agentmemory.engine.embedding.EmbeddingModel;

import java.util.List;

/**
 * A real model behind a test's own: it forwards what every model must answer, so a test overrides only the calls
 * it watches or changes (the interface's defaults stay as they are).
 */
public abstract class ForwardingEmbeddingModel implements EmbeddingModel {

    protected final EmbeddingModel model;

    protected ForwardingEmbeddingModel(EmbeddingModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        return model.embedAll(texts);
    }
}

package io.agentmemory.engine.config;

import io.agentmemory.engine.embedding.OnnxSentenceEmbeddingModel;

import java.util.List;

/**
 * Which embedding model the engine uses. One model runs in process today; the setting names it, so a deployment
 * that asks for another model fails at start instead of silently embedding with this one.
 */
public record ModelSettings(String embeddingModel) {

    /** The in-process model: all-MiniLM-L6-v2, quantized (384 dimensions). */
    public static final String IN_PROCESS_MODEL = OnnxSentenceEmbeddingModel.NAME;
    public static final List<String> KNOWN_MODELS = List.of(IN_PROCESS_MODEL);
    public static final String DEFAULT_EMBEDDING_MODEL = IN_PROCESS_MODEL;

    public ModelSettings {
        if (!KNOWN_MODELS.contains(embeddingModel)) {
            throw new IllegalArgumentException("EMBEDDING_MODEL must name a model this build runs (" + String.join(", ", KNOWN_MODELS)
                    + "), got '" + embeddingModel + "'");
        }
    }

    public static ModelSettings defaults() {
        return new ModelSettings(DEFAULT_EMBEDDING_MODEL);
    }
}

package io.agentmemory.engine.config;

import io.agentmemory.engine.bedrock.BedrockSettings;
import io.agentmemory.engine.embedding.OnnxSentenceEmbeddingModel;

import java.util.List;

/**
 * Which embedding model and which fact extractor the engine uses: the in-process model and the local rule-based
 * extractor by default, Amazon Bedrock when configured ({@code EMBEDDING_MODEL=bedrock:<model id>},
 * {@code FACT_EXTRACTOR=bedrock}, with {@code bedrock} saying how to reach it). A name this build does not run
 * fails at start instead of silently embedding or extracting with something else.
 */
public record ModelSettings(String embeddingModel, String factExtractor, BedrockSettings bedrock) {

    /** The in-process model: all-MiniLM-L6-v2, quantized (384 dimensions). */
    public static final String IN_PROCESS_MODEL = OnnxSentenceEmbeddingModel.NAME;
    public static final List<String> KNOWN_MODELS = List.of(IN_PROCESS_MODEL, BedrockSettings.EMBEDDING_PREFIX + "<model id>");
    public static final String DEFAULT_EMBEDDING_MODEL = IN_PROCESS_MODEL;
    public static final String LOCAL_EXTRACTOR = "local";
    public static final String BEDROCK_EXTRACTOR = "bedrock";

    public ModelSettings {
        if (!IN_PROCESS_MODEL.equals(embeddingModel) && !BedrockSettings.isBedrockEmbedding(embeddingModel)) {
            throw new IllegalArgumentException("EMBEDDING_MODEL must name a model this build runs (" + String.join(", ", KNOWN_MODELS)
                    + "), got '" + embeddingModel + "'");
        }
        if (!LOCAL_EXTRACTOR.equals(factExtractor) && !BEDROCK_EXTRACTOR.equals(factExtractor)) {
            throw new IllegalArgumentException("FACT_EXTRACTOR must be local or bedrock, got '" + factExtractor + "'");
        }
        if (bedrock == null) {
            bedrock = BedrockSettings.defaults(embeddingModel);
        }
    }

    public ModelSettings(String embeddingModel) {
        this(embeddingModel, LOCAL_EXTRACTOR, null);
    }

    public static ModelSettings defaults() {
        return new ModelSettings(DEFAULT_EMBEDDING_MODEL);
    }

    public boolean bedrockExtractor() {
        return BEDROCK_EXTRACTOR.equals(factExtractor);
    }
}

package io.agentmemory.engine.bedrock;

import io.agentmemory.engine.config.ModelSettings;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.extraction.FactExtractor;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

import java.util.function.Supplier;

/**
 * The extractor and the embedding model a deployment configured ({@code FACT_EXTRACTOR}, {@code EMBEDDING_MODEL}):
 * the local ones, or Amazon Bedrock's. The Bedrock runtime client is made once, on first need, and shared by both.
 */
public final class ConfiguredModels {

    private final ModelSettings settings;
    private final BedrockUsage usage = new BedrockUsage();
    private BedrockRuntimeClient client;

    public ConfiguredModels(ModelSettings settings) {
        this.settings = settings;
    }

    /** The configured extractor; Bedrock's falls back to the local one when its answer cannot be used. */
    public FactExtractor extractor() {
        RuleBasedFactExtractor local = new RuleBasedFactExtractor();
        if (!settings.bedrockExtractor()) {
            return local;
        }
        return new BedrockFactExtractor(client(), settings.bedrock().extractorModelId(), local, usage);
    }

    /** The Bedrock embedding model when {@code EMBEDDING_MODEL} names one; otherwise the caller's in-process model. */
    public EmbeddingModel embeddingModel(Supplier<EmbeddingModel> inProcess) {
        if (!BedrockSettings.isBedrockEmbedding(settings.embeddingModel())) {
            return inProcess.get();
        }
        BedrockSettings bedrock = settings.bedrock();
        return new BedrockEmbeddingModel(client(), bedrock.embeddingModelId(), bedrock.embeddingDimension(), usage);
    }

    /** What this process's Bedrock calls cost, and how often extraction fell back. */
    public BedrockUsage usage() {
        return usage;
    }

    private synchronized BedrockRuntimeClient client() {
        if (client == null) {
            client = BedrockClients.create(settings.bedrock());
        }
        return client;
    }
}

package io.agentmemory.engine.bedrock;

import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.extraction.FactExtractor;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The extractor and the embedding model a deployment configured: {@code FACT_EXTRACTOR} ({@code local}, the
 * default, or {@code bedrock}) and {@code EMBEDDING_MODEL} (the in-process model's name, or {@code bedrock:<model
 * id>}). The Bedrock runtime client is made once, on first need, and shared by both.
 */
public final class ConfiguredModels {

    private final Map<String, String> env;
    private final String embeddingModel;
    private final BedrockUsage usage = new BedrockUsage();
    private BedrockRuntimeClient client;

    public ConfiguredModels(Map<String, String> env, String embeddingModel) {
        this.env = Map.copyOf(env);
        this.embeddingModel = embeddingModel;
        String extractor = extractorName();
        if (!extractor.equals("local") && !extractor.equals("bedrock")) {
            throw new IllegalArgumentException("FACT_EXTRACTOR must be local or bedrock, got '" + extractor + "'");
        }
    }

    public boolean bedrockExtractor() {
        return extractorName().equals("bedrock");
    }

    /** The configured extractor; Bedrock's falls back to the local one when its answer cannot be used. */
    public FactExtractor extractor() {
        RuleBasedFactExtractor local = new RuleBasedFactExtractor();
        if (!bedrockExtractor()) {
            return local;
        }
        BedrockSettings settings = settings();
        return new BedrockFactExtractor(client(settings), settings.extractorModelId(), local, usage);
    }

    /** The Bedrock embedding model when {@code EMBEDDING_MODEL} names one; otherwise the caller's in-process model. */
    public EmbeddingModel embeddingModel(Supplier<EmbeddingModel> inProcess) {
        return bedrockEmbeddings().orElseGet(inProcess);
    }

    private Optional<EmbeddingModel> bedrockEmbeddings() {
        if (!BedrockSettings.isBedrockEmbedding(embeddingModel)) {
            return Optional.empty();
        }
        BedrockSettings settings = settings();
        return Optional.of(new BedrockEmbeddingModel(client(settings), settings.embeddingModelId(), settings.embeddingDimension(), usage));
    }

    /** What this process's Bedrock calls cost, and how often extraction fell back; for the functions' metrics. */
    public BedrockUsage usage() {
        return usage;
    }

    private String extractorName() {
        String name = env.get("FACT_EXTRACTOR");
        return name == null || name.isBlank() ? "local" : name.trim().toLowerCase(Locale.ROOT);
    }

    private BedrockSettings settings() {
        return BedrockSettings.fromEnvironment(env, embeddingModel);
    }

    private synchronized BedrockRuntimeClient client(BedrockSettings settings) {
        if (client == null) {
            client = BedrockClients.create(settings);
        }
        return client;
    }
}

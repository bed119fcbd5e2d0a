package io.agentmemory.engine.bedrock;

import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings pick the extractor and the embedder; Bedrock is reached at the configured endpoint (a local server here). */
class ConfiguredModelsTest {

    @Test
    void theLocalExtractorIsTheDefault() {
        assertThat(new ConfiguredModels(EngineConfig.fromEnvironment(Map.of()).models()).extractor()).isInstanceOf(RuleBasedFactExtractor.class);
    }

    @Test
    void anUnknownExtractorIsRefusedByName() {
        assertThatThrownBy(() -> EngineConfig.fromEnvironment(Map.of("FACT_EXTRACTOR", "gpt")))
                .hasMessage("FACT_EXTRACTOR must be local or bedrock, got 'gpt'");
    }

    @Test
    void bedrockSettingsReachTheConfiguredEndpointWithTheConfiguredModels() {
        try (LocalBedrock bedrock = new LocalBedrock()) {
            bedrock.converse(LocalBedrock.Reply.recorded("converse-facts.json"));
            ConfiguredModels models = new ConfiguredModels(EngineConfig.fromEnvironment(Map.of(
                    "FACT_EXTRACTOR", "bedrock", "BEDROCK_EXTRACTOR_MODEL_ID", "amazon.nova-lite-v1:0",
                    "BEDROCK_ENDPOINT", bedrock.endpoint().toString(), "EMBEDDING_MODEL", "bedrock:amazon.titan-embed-text-v2:0",
                    "EMBEDDING_DIMENSION", "256", "AWS_REGION", "eu-west-1")).models());
            System.setProperty("aws.accessKeyId", "AKIDLOCALTEST");
            System.setProperty("aws.secretAccessKey", "local-secret");
            try {
                assertThat(models.extractor().extract(List.of(new Message("user", "I prefer window seats."))))
                        .contains("Sister lives in Berlin");
                EmbeddingModel embedder = models.embeddingModel(() -> {
                    throw new AssertionError("the in-process model is not wanted");
                });
                assertThat(embedder.dimension()).isEqualTo(256);
                assertThat(embedder.embed("Prefers window seats")).hasSize(256);
            } finally {
                System.clearProperty("aws.accessKeyId");
                System.clearProperty("aws.secretAccessKey");
            }
            assertThat(bedrock.received()).extracting(LocalBedrock.Received::modelId)
                    .containsExactly("amazon.nova-lite-v1:0", "amazon.titan-embed-text-v2:0");
            assertThat(models.usage().calls()).isEqualTo(2);
        }
    }
}

package io.agentmemory.engine.bedrock;

import io.agentmemory.engine.bedrock.LocalBedrock.Reply;
import io.agentmemory.engine.config.EngineConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Bedrock embedder through the real AWS SDK against {@link LocalBedrock}: the vectors are simulated
 * (pseudo-random, seeded by the text), the InvokeModel exchange, signing and retries are real.
 */
class BedrockEmbeddingModelTest {

    private final LocalBedrock bedrock = new LocalBedrock();
    private final BedrockUsage usage = new BedrockUsage();
    private BedrockRuntimeClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        bedrock.close();
    }

    private BedrockEmbeddingModel model(String modelId, int dimension) {
        BedrockSettings settings = new BedrockSettings("us-east-1", bedrock.endpoint(), "unused", modelId, dimension, Duration.ofSeconds(20), 3);
        client = BedrockClients.create(settings, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCALTEST", "local-secret")));
        return new BedrockEmbeddingModel(client, modelId, dimension, usage);
    }

    @Test
    void titanV2EmbedsEachTextAtTheConfiguredDimensionAsAUnitVector() {
        BedrockEmbeddingModel titan = model("amazon.titan-embed-text-v2:0", 256);

        List<float[]> vectors = titan.embedAll(List.of("Prefers window seats", "Sister lives in Berlin", "Prefers window seats"));

        assertThat(vectors).hasSize(3).allSatisfy(vector -> {
            assertThat(vector).hasSize(256);
            double norm = 0;
            for (float value : vector) {
                norm += value * value;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        });
        assertThat(vectors.get(0)).isEqualTo(vectors.get(2));
        assertThat(vectors.get(0)).isNotEqualTo(vectors.get(1));
        List<LocalBedrock.Received> calls = bedrock.received("invoke");
        assertThat(calls).hasSize(3).allSatisfy(call -> {
            assertThat(call.modelId()).isEqualTo("amazon.titan-embed-text-v2:0");
            assertThat(call.signedWithSigV4()).isTrue();
            assertThat(call.body().get("dimensions").asInt()).isEqualTo(256);
            assertThat(call.body().get("normalize").asBoolean()).isTrue();
        });
        assertThat(titan.dimension()).isEqualTo(256);
        assertThat(titan.name()).isEqualTo("bedrock:amazon.titan-embed-text-v2:0/256");
        assertThat(usage.inputTokens()).isPositive();
    }

    @Test
    void cohereTakesUpTo96TextsPerCall() {
        BedrockEmbeddingModel cohere = model("cohere.embed-multilingual-v3", 1024);
        List<String> texts = IntStream.range(0, 100).mapToObj(i -> "fact number " + i).toList();

        List<float[]> vectors = cohere.embedAll(texts);

        assertThat(vectors).hasSize(100).allSatisfy(vector -> assertThat(vector).hasSize(1024));
        assertThat(bedrock.received("invoke")).extracting(call -> call.body().get("texts").size()).containsExactly(96, 4);
        assertThat(vectors.get(99)).isEqualTo(cohere.embed("fact number 99"));
    }

    @Test
    void throttlingIsRetriedBeforeItFails() {
        BedrockEmbeddingModel titan = model("amazon.titan-embed-text-v2:0", 512);
        bedrock.invoke(Reply.throttled());

        assertThat(titan.embed("Prefers window seats")).hasSize(512);
        assertThat(bedrock.received("invoke")).hasSize(2);

        bedrock.invoke(Reply.throttled(), Reply.throttled(), Reply.throttled());
        assertThatThrownBy(() -> titan.embed("Prefers aisle seats")).isInstanceOf(ThrottlingException.class);
    }

    @Test
    void aVectorOfAnotherDimensionThanConfiguredIsRefusedByName() {
        BedrockEmbeddingModel titanV1 = model("amazon.titan-embed-text-v1", 1536);

        assertThatThrownBy(() -> titanV1.embed("Prefers window seats"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1024 dimensions, configured 1536 (EMBEDDING_DIMENSION)");
    }

    @Test
    void titanV2AcceptsOnlyItsOwnDimensions() {
        assertThatThrownBy(() -> EngineConfig.fromEnvironment(Map.of(
                "EMBEDDING_MODEL", "bedrock:amazon.titan-embed-text-v2:0", "EMBEDDING_DIMENSION", "384")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EMBEDDING_DIMENSION must be 256, 512 or 1024");
        assertThat(EngineConfig.fromEnvironment(Map.of("EMBEDDING_MODEL", "bedrock:amazon.titan-embed-text-v2:0"))
                .models().bedrock().embeddingDimension()).isEqualTo(1024);
    }
}

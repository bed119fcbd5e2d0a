package io.agentmemory.engine.bedrock;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * How the service reaches Amazon Bedrock: the region, the models, and the limits of each call. Read from the
 * function's environment, which the template fills from its parameters:
 * <ul>
 *   <li>{@code FACT_EXTRACTOR=bedrock} with {@code BEDROCK_EXTRACTOR_MODEL_ID} (a Converse model that supports
 *       tool use, e.g. {@code anthropic.claude-3-haiku-20240307-v1:0} or {@code amazon.nova-lite-v1:0});</li>
 *   <li>{@code EMBEDDING_MODEL=bedrock:<model id>} (e.g. {@code bedrock:amazon.titan-embed-text-v2:0}) with
 *       {@code EMBEDDING_DIMENSION} (Titan v2: 256, 512 or 1024);</li>
 *   <li>{@code BEDROCK_TIMEOUT_MS}: the whole budget of one extraction or embedding call, retries included; an add
 *       makes at most two in a row (extraction, then embeddings), so two budgets must fit in the time an invocation
 *       waits for the engine ({@code REQUEST_TIMEOUT_MS}, 10 s) with room to store the facts: 4 s by default;</li>
 *   <li>{@code BEDROCK_MAX_ATTEMPTS}: attempts per call under the SDK's standard retry policy (throttling and
 *       5xx are retried with its backoff);</li>
 *   <li>{@code BEDROCK_ENDPOINT}: an endpoint override (a VPC endpoint, or a local Bedrock-compatible server).</li>
 * </ul>
 */
public record BedrockSettings(String region, URI endpoint, String extractorModelId, String embeddingModelId,
                              int embeddingDimension, Duration callTimeout, int maxAttempts) {

    public static final String EMBEDDING_PREFIX = "bedrock:";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_EXTRACTOR_MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    public static final int DEFAULT_EMBEDDING_DIMENSION = 1024;
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(4);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    private static final Set<Integer> TITAN_V2_DIMENSIONS = Set.of(256, 512, 1024);

    public BedrockSettings {
        if (callTimeout.isNegative() || callTimeout.isZero() || callTimeout.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("BEDROCK_TIMEOUT_MS must be between 1 and 60000, got " + callTimeout.toMillis());
        }
        if (maxAttempts < 1 || maxAttempts > 5) {
            throw new IllegalArgumentException("BEDROCK_MAX_ATTEMPTS must be between 1 and 5, got " + maxAttempts);
        }
        if (embeddingModelId != null && embeddingModelId.startsWith("amazon.titan-embed-text-v2")
                && !TITAN_V2_DIMENSIONS.contains(embeddingDimension)) {
            throw new IllegalArgumentException("EMBEDDING_DIMENSION must be 256, 512 or 1024 for " + embeddingModelId
                    + ", got " + embeddingDimension);
        }
    }

    /** Whether the configured embedding model name selects Bedrock ({@code bedrock:<model id>}). */
    public static boolean isBedrockEmbedding(String embeddingModel) {
        return embeddingModel != null && embeddingModel.startsWith(EMBEDDING_PREFIX);
    }

    public static BedrockSettings defaults(String embeddingModel) {
        return new BedrockSettings(DEFAULT_REGION, null, DEFAULT_EXTRACTOR_MODEL, embeddingModelIdOf(embeddingModel),
                DEFAULT_EMBEDDING_DIMENSION, DEFAULT_CALL_TIMEOUT, DEFAULT_MAX_ATTEMPTS);
    }

    /** The Bedrock model id in {@code bedrock:<model id>}, or null for a model that is not Bedrock's. */
    public static String embeddingModelIdOf(String embeddingModel) {
        return isBedrockEmbedding(embeddingModel) ? embeddingModel.substring(EMBEDDING_PREFIX.length()) : null;
    }
}

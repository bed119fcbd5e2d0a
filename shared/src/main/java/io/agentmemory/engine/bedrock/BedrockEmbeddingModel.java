package io.agentmemory.engine.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.engine.embedding.EmbeddingModel;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Embeddings from Amazon Bedrock ({@code EMBEDDING_MODEL=bedrock:<model id>}) through InvokeModel. Batched where
 * the model's API allows: Cohere Embed takes up to 96 texts per call; Titan Text Embeddings takes one, so a batch
 * becomes concurrent calls (a few at a time, within the account's request rate). The dimension is a parameter
 * (Titan v2: 256, 512 or 1024) and, like any model's, sets the vector column through the migrations; changing
 * it is a model change, re-embedded with the same command. Failures propagate after the SDK's retries: there is
 * no local fallback for an embedding, since vectors of two models cannot be mixed.
 */
public final class BedrockEmbeddingModel implements EmbeddingModel {

    static final int COHERE_BATCH_MAX = 96;
    private static final int CONCURRENT_CALLS = 4;

    private final BedrockRuntimeClient client;
    private final String modelId;
    private final int dimension;
    private final BedrockUsage usage;
    private final ObjectMapper json = new ObjectMapper();

    public BedrockEmbeddingModel(BedrockRuntimeClient client, String modelId, int dimension, BedrockUsage usage) {
        this.client = client;
        this.modelId = modelId;
        this.dimension = dimension;
        this.usage = usage;
    }

    @Override
    public String name() {
        return BedrockSettings.EMBEDDING_PREFIX + modelId + "/" + dimension;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        if (isCohere()) {
            List<float[]> vectors = new ArrayList<>(texts.size());
            for (int from = 0; from < texts.size(); from += COHERE_BATCH_MAX) {
                vectors.addAll(cohere(texts.subList(from, Math.min(texts.size(), from + COHERE_BATCH_MAX))));
            }
            return vectors;
        }
        if (texts.size() == 1) {
            return List.of(titan(texts.get(0)));
        }
        try (ExecutorService calls = Executors.newFixedThreadPool(Math.min(CONCURRENT_CALLS, texts.size()), Thread.ofVirtual().factory())) {
            List<Future<float[]>> pending = texts.stream().map(text -> calls.submit(() -> titan(text))).toList();
            List<float[]> vectors = new ArrayList<>(texts.size());
            for (Future<float[]> vector : pending) {
                vectors.add(vector.get());
            }
            return vectors;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private boolean isCohere() {
        return modelId.startsWith("cohere.embed");
    }

    private float[] titan(String text) {
        ObjectNode body = json.createObjectNode().put("inputText", text);
        if (modelId.startsWith("amazon.titan-embed-text-v2")) {
            body.put("dimensions", dimension).put("normalize", true);
        }
        JsonNode answer = invoke(body);
        usage.recordCall(answer.path("inputTextTokenCount").asLong(0), 0);
        return unit(vector(answer.get("embedding")));
    }

    private List<float[]> cohere(List<String> texts) {
        ObjectNode body = json.createObjectNode().put("input_type", "search_document").put("truncate", "END");
        ArrayNode inputs = body.putArray("texts");
        texts.forEach(inputs::add);
        JsonNode answer = invoke(body);
        JsonNode embeddings = answer.get("embeddings");
        if (embeddings != null && embeddings.has("float")) {
            embeddings = embeddings.get("float");
        }
        if (embeddings == null || !embeddings.isArray() || embeddings.size() != texts.size()) {
            throw new IllegalStateException("Bedrock model " + modelId + " returned " + (embeddings == null ? "no" : embeddings.size())
                    + " embeddings for " + texts.size() + " texts");
        }
        usage.recordCall(0, 0);
        List<float[]> vectors = new ArrayList<>(texts.size());
        embeddings.forEach(vector -> vectors.add(unit(vector(vector))));
        return vectors;
    }

    private JsonNode invoke(ObjectNode body) {
        InvokeModelResponse response = client.invokeModel(InvokeModelRequest.builder()
                .modelId(modelId)
                .contentType("application/json")
                .accept("application/json")
                .body(SdkBytes.fromUtf8String(body.toString()))
                .build());
        try {
            return json.readTree(response.body().asInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("Bedrock model " + modelId + " answered with unreadable JSON", e);
        }
    }

    private float[] vector(JsonNode values) {
        if (values == null || !values.isArray() || values.size() != dimension) {
            throw new IllegalStateException("Bedrock model " + modelId + " returned a vector of "
                    + (values == null || !values.isArray() ? "no" : values.size()) + " dimensions, configured " + dimension
                    + " (EMBEDDING_DIMENSION)");
        }
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) values.get(i).asDouble();
        }
        return vector;
    }

    /** The store compares by cosine and expects unit vectors; Titan v2 normalises when asked, others may not. */
    private static float[] unit(float[] vector) {
        double norm = 0;
        for (float value : vector) {
            norm += value * value;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            return vector;
        }
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) (vector[i] / norm);
        }
        return vector;
    }
}

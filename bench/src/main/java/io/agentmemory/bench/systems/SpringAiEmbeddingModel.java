package io.agentmemory.bench.systems;

import io.agentmemory.engine.embedding.EmbeddingModel;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

import java.util.ArrayList;
import java.util.List;

/** The very model the service uses, seen through Spring AI's interface, so the comparison is of the stores. */
public final class SpringAiEmbeddingModel implements org.springframework.ai.embedding.EmbeddingModel {

    private final EmbeddingModel model;

    public SpringAiEmbeddingModel(EmbeddingModel model) {
        this.model = model;
    }

    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
        List<float[]> vectors = model.embedAll(request.getInstructions());
        List<Embedding> embeddings = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            embeddings.add(new Embedding(vectors.get(i), i));
        }
        return new EmbeddingResponse(embeddings);
    }

    @Override
    public float[] embed(Document document) {
        return model.embed(document.getText());
    }

    @Override
    public int dimensions() {
        return model.dimension();
    }
}

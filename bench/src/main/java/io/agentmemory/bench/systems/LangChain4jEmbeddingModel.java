package io.agentmemory.bench.systems;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import io.agentmemory.engine.embedding.EmbeddingModel;

import java.util.List;

/** The very model the service uses, seen through LangChain4j's interface, so the comparison is of the stores. */
public final class LangChain4jEmbeddingModel implements dev.langchain4j.model.embedding.EmbeddingModel {

    private final EmbeddingModel model;

    public LangChain4jEmbeddingModel(EmbeddingModel model) {
        this.model = model;
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        List<float[]> vectors = model.embedAll(segments.stream().map(TextSegment::text).toList());
        return Response.from(vectors.stream().map(Embedding::from).toList());
    }

    @Override
    public int dimension() {
        return model.dimension();
    }
}

package io.agentmemory.engine.embedding;

import java.util.List;

/**
 * Turns texts into unit-length vectors. Implementations: the in-process ONNX model (default, no network)
 * and, in production, a hosted model. The store's vector dimension follows {@link #dimension()}.
 */
public interface EmbeddingModel {

    /** A stable name; it is part of cache keys, so two models never share cached vectors. */
    String name();

    int dimension();

    /** Embeds all texts in one model call; the result is in input order. Blocking and CPU-bound. */
    List<float[]> embedAll(List<String> texts);

    default float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }
}

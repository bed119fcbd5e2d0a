package io.agentmemory.engine.embedding;

import java.util.List;

/**
 * Turns texts into unit-length vectors. Implementations: the in-process ONNX models (default, no network)
 * and, in production, a hosted model. The store's vector dimension follows {@link #dimension()}.
 *
 * <p>Stored texts and search queries are embedded apart: retrieval models such as e5 and bge were trained with a
 * marker in front of one side or both ("query: ", "passage: ", an instruction), and rank worse without it.
 * {@link #embedAll(List)} and {@link #embed(String)} embed texts to be stored; {@link #embedQuery(String)} a query.
 */
public interface EmbeddingModel {

    /** A stable name; it is part of cache keys, so two models never share cached vectors. */
    String name();

    int dimension();

    /** Embeds all texts to be stored in one model call; the result is in input order. Blocking and CPU-bound. */
    List<float[]> embedAll(List<String> texts);

    /** Embeds one text to be stored. */
    default float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    /** Where this model's cosines sit; scores and similarity thresholds are on this scale. */
    default CosineScale cosineScale() {
        return CosineScale.RAW;
    }

    /**
     * Whether a call is CPU work in this process (a few milliseconds) rather than a wait on the network: such a
     * model may run on whichever thread has the query in hand, instead of being handed to a worker.
     */
    default boolean runsInProcess() {
        return false;
    }

    /** Embeds a search query; models trained with a query marker add it here. */
    default float[] embedQuery(String query) {
        return embed(query);
    }

    /**
     * Embeds a search query unless {@code stop} is requested first; null when it was. A model that cannot stop a
     * call in flight (the default) only skips one asked to stop before it began.
     */
    default float[] embedQuery(String query, ModelStop stop) {
        return stop.requested() ? null : embedQuery(query);
    }
}

package io.agentmemory.bench.workload;

import io.agentmemory.engine.embedding.EmbeddingModel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** How long one short sentence takes to embed, median of many runs after a warm-up (the model's own cost). */
public final class ModelTiming {

    public record Figures(double loadMillis, double embedOneSentenceP50Millis, int runs) {
    }

    private static final String SENTENCE = "Prefers window seats on long flights";
    private static final int WARMUP = 20;
    private static final int RUNS = 200;

    private ModelTiming() {
    }

    public static Figures measure(double loadMillis, EmbeddingModel model) {
        for (int i = 0; i < WARMUP; i++) {
            model.embed(SENTENCE);
        }
        List<Double> millis = new ArrayList<>(RUNS);
        for (int i = 0; i < RUNS; i++) {
            long started = System.nanoTime();
            model.embed(SENTENCE);
            millis.add((System.nanoTime() - started) / 1e6);
        }
        Collections.sort(millis);
        return new Figures(Math.round(loadMillis), Math.round(millis.get(RUNS / 2) * 1000) / 1000.0, RUNS);
    }
}

package io.agentmemory.bench.systems;

import io.agentmemory.engine.embedding.CosineScale;
import io.agentmemory.engine.embedding.EmbeddingModel;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model that keeps how long its callers have waited for it in all: a peer's model time, timed around the calls the
 * peer makes, as the service's log line times its own model stage. While requests run one at a time, what the total
 * grew by during a request is that request's model time, whichever thread of the peer called the model.
 */
public final class ClockedEmbeddingModel implements EmbeddingModel {

    private final EmbeddingModel model;
    private final AtomicLong spent = new AtomicLong();

    public ClockedEmbeddingModel(EmbeddingModel model) {
        this.model = model;
    }

    /** Nanoseconds spent in the model so far, by every caller. */
    public long nanosSpent() {
        return spent.get();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        long started = System.nanoTime();
        try {
            return model.embedAll(texts);
        } finally {
            spent.addAndGet(System.nanoTime() - started);
        }
    }

    @Override
    public float[] embed(String text) {
        long started = System.nanoTime();
        try {
            return model.embed(text);
        } finally {
            spent.addAndGet(System.nanoTime() - started);
        }
    }

    @Override
    public float[] embedQuery(String query) {
        long started = System.nanoTime();
        try {
            return model.embedQuery(query);
        } finally {
            spent.addAndGet(System.nanoTime() - started);
        }
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    @Override
    public CosineScale cosineScale() {
        return model.cosineScale();
    }

    @Override
    public boolean runsInProcess() {
        return model.runsInProcess();
    }
}

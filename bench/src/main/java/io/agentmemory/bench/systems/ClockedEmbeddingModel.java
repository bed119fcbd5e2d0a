package io.agentmemory.bench.systems;

import io.agentmemory.engine.embedding.CosineScale;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.testing.ForwardingEmbeddingModel;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A model that keeps how long its callers have waited for it in all: a peer's model time, timed around the calls the
 * peer makes, as the service's log line times its own model stage. While requests run one at a time, what the total
 * grew by during a request is that request's model time, whichever thread of the peer called the model.
 */
public final class ClockedEmbeddingModel extends ForwardingEmbeddingModel {

    private final AtomicLong spent = new AtomicLong();

    public ClockedEmbeddingModel(EmbeddingModel model) {
        super(model);
    }

    /** Nanoseconds spent in the model so far, by every caller. */
    public long nanosSpent() {
        return spent.get();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        return clocked(() -> model.embedAll(texts));
    }

    @Override
    public float[] embed(String text) {
        return clocked(() -> model.embed(text));
    }

    @Override
    public float[] embedQuery(String query) {
        return clocked(() -> model.embedQuery(query));
    }

    @Override
    public CosineScale cosineScale() {
        return model.cosineScale();
    }

    @Override
    public boolean runsInProcess() {
        return model.runsInProcess();
    }

    private <T> T clocked(Supplier<T> call) {
        long started = System.nanoTime();
        try {
            return call.get();
        } finally {
            spent.addAndGet(System.nanoTime() - started);
        }
    }
}

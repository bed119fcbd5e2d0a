package io.agentmemory.engine.testing;

import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.embedding.ModelStop;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The real model, run as an in-process one, counting how it was asked: ahead (beside a look-up, stoppable), stopped,
 * or after the look-up. Held, a call made ahead waits for its stop (at most a few seconds, then it embeds), so that a
 * test sees a look-up stop it whatever the timing.
 */
public final class HeldModel extends ForwardingEmbeddingModel {

    public record Counts(int ahead, int stopped, int afterLookUp) {
    }

    private final AtomicInteger ahead = new AtomicInteger();
    private final AtomicInteger stopped = new AtomicInteger();
    private final AtomicInteger afterLookUp = new AtomicInteger();
    private final List<List<String>> storedBatches = new CopyOnWriteArrayList<>();
    public volatile boolean holdsUntilStopped;

    public HeldModel(EmbeddingModel model) {
        super(model);
    }

    public Counts counts() {
        return new Counts(ahead.get(), stopped.get(), afterLookUp.get());
    }

    /** The batches of texts to be stored that were embedded after a look-up, in order. */
    public List<List<String>> storedBatchesAfterLookUp() {
        return List.copyOf(storedBatches);
    }

    @Override
    public boolean runsInProcess() {
        return true;
    }

    @Override
    public float[] embedQuery(String query) {
        afterLookUp.incrementAndGet();
        return model.embedQuery(query);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        afterLookUp.incrementAndGet();
        storedBatches.add(List.copyOf(texts));
        return model.embedAll(texts);
    }

    @Override
    public float[] embedQuery(String query, ModelStop stop) {
        return ahead(stop, () -> model.embedQuery(query, stop));
    }

    @Override
    public List<float[]> embedAll(List<String> texts, ModelStop stop) {
        return ahead(stop, () -> model.embedAll(texts, stop));
    }

    private <T> T ahead(ModelStop stop, Supplier<T> call) {
        ahead.incrementAndGet();
        long giveUp = System.nanoTime() + 5_000_000_000L;
        while (holdsUntilStopped && !stop.requested() && System.nanoTime() < giveUp) {
            Thread.onSpinWait();
        }
        if (stop.requested()) {
            stopped.incrementAndGet();
            return null;
        }
        return call.get();
    }
}

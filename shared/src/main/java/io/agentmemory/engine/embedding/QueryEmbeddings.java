package io.agentmemory.engine.embedding;

import com.github.benmanes.caffeine.cache.Cache;
import io.agentmemory.engine.InProcessCache;
import io.agentmemory.engine.observability.StageTimings;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Set;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Query vectors: an embedding is a pure function of the text and the model, so a text is embedded once and its
 * vector reused, from this process (a bounded in-memory map) or from vectors another environment computed and
 * the caller found in the shared cache. Each query text the model does embed gets a model call of its own: the
 * quantised model scales its activations over the whole batch, so a text embedded beside others gets a slightly
 * different vector, and a search must rank the same whether it came alone or in a batch.
 */
public final class QueryEmbeddings {

    /** Vectors in the order of the texts asked for, and those the model computed for this call. */
    public record Vectors(List<float[]> inOrder, Map<String, float[]> computed) {
    }

    private final EmbeddingModel model;
    private final Cache<String, float[]> local = InProcessCache.bounded(10_000);

    public QueryEmbeddings(EmbeddingModel model) {
        this.model = model;
    }

    public EmbeddingModel model() {
        return model;
    }

    /** Whether this process already holds the text's vector. */
    public boolean knows(String text) {
        return local.getIfPresent(text) != null;
    }

    /**
     * Vectors for the texts, in input order.
     *
     * @param found      vectors of some texts read from the shared cache; the model embeds only what neither holds
     * @param inParallel whether other work of the same call runs beside this (a batch's other half): then the
     *                   model runs on a worker of its own. Otherwise an in-process model runs on the thread that
     *                   has the texts in hand (the one the cache's answer arrived on): handing a query's few
     *                   milliseconds of CPU to a worker and back costs two thread wake-ups (0.3-0.5 ms); a model
     *                   behind the network always goes to a worker, never onto an I/O thread.
     */
    public Mono<Vectors> embed(List<String> texts, Map<String, float[]> found, boolean inParallel) {
        Map<String, float[]> known = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String text : new LinkedHashSet<>(texts)) {
            float[] vector = local.getIfPresent(text);
            if (vector == null && (vector = found.get(text)) != null) {
                local.put(text, vector);
            }
            if (vector != null) {
                known.put(text, vector);
            } else {
                missing.add(text);
            }
        }
        if (missing.isEmpty()) {
            return Mono.just(new Vectors(inOrder(texts, known), Map.of()));
        }
        java.util.concurrent.Callable<Vectors> work = () -> {
            Map<String, float[]> computed = new LinkedHashMap<>();
            for (String text : missing) {
                float[] vector = model.embedQuery(text);
                local.put(text, vector);
                computed.put(text, vector);
            }
            known.putAll(computed);
            return new Vectors(inOrder(texts, known), computed);
        };
        return run(work, inParallel);
    }

    /**
     * The query's vector, computed on the subscribing thread unless {@code stop} is requested before the model has
     * it (then empty). It is not kept in this process's map here: the caller passes it on as found, and shares it
     * through the shared cache as computed.
     */
    public Mono<float[]> embedQueryUnlessStopped(String text, ModelStop stop) {
        return StageTimings.timedIfItGivesAValue(StageTimings.Stage.EMBEDDING, Mono.fromCallable(() -> model.embedQuery(text, stop)));
    }

    /**
     * Vectors of texts that are stored, not searched (facts): straight to the model, one batch. An in-process model
     * runs on the thread that subscribes (the caller's, for an add or an edit), which then goes on to the database
     * call, as a query's does: a worker would cost a thread wake-up for a few milliseconds of CPU.
     */
    public Mono<List<float[]>> embedForStorage(List<String> texts) {
        return texts.isEmpty() ? Mono.just(List.of()) : run(() -> model.embedAll(texts), false);
    }

    /**
     * Vectors of texts to be stored, in input order, with null for those {@code skipped} names (by position): texts
     * the user's memories already say word for word need none. The others go to the model as one batch (a batch
     * of three short facts costs about two single calls).
     */
    public Mono<List<float[]>> embedForStorage(List<String> texts, Set<Integer> skipped) {
        List<Integer> embedded = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (!skipped.contains(i)) {
                embedded.add(i);
            }
        }
        if (embedded.isEmpty()) {
            return Mono.just(Collections.nCopies(texts.size(), null));
        }
        return run(() -> {
            List<float[]> computed = model.embedAll(embedded.stream().map(texts::get).toList());
            List<float[]> vectors = new ArrayList<>(Collections.nCopies(texts.size(), null));
            for (int j = 0; j < embedded.size(); j++) {
                vectors.set(embedded.get(j), computed.get(j));
            }
            return vectors;
        }, false);
    }

    /** An in-process model on the subscribing thread, unless asked for a worker; a model behind the network on a worker. */
    private <T> Mono<T> run(java.util.concurrent.Callable<T> work, boolean onWorker) {
        return onWorker || !model.runsInProcess() ? onWorker(work)
                : StageTimings.timed(StageTimings.Stage.EMBEDDING, Mono.fromCallable(work));
    }

    private static <T> Mono<T> onWorker(java.util.concurrent.Callable<T> work) {
        // The model is CPU-bound and blocking: keep it off the network event loops.
        return StageTimings.timed(StageTimings.Stage.EMBEDDING, Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic()));
    }

    private static List<float[]> inOrder(List<String> texts, Map<String, float[]> known) {
        List<float[]> result = new ArrayList<>(texts.size());
        for (String text : texts) {
            result.add(known.get(text));
        }
        return result;
    }
}

package io.agentmemory.engine.embedding;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Query vectors, cached in process: an embedding is a pure function of the text and the model. Each query text
 * is embedded in a model call of its own: the quantised model scales its activations over the whole batch, so a
 * text embedded beside others gets a slightly different vector, and a search must rank the same whether it came
 * alone or in a batch. (Looking vectors up in the shared cache was tried and cost more round trips than the
 * model takes to compute one.)
 */
public final class QueryEmbeddings {

    private final EmbeddingModel model;
    private final Cache<String, float[]> local = Caffeine.newBuilder().maximumSize(10_000).build();

    public QueryEmbeddings(EmbeddingModel model) {
        this.model = model;
    }

    public EmbeddingModel model() {
        return model;
    }

    /** Vectors for the texts, in input order. */
    public Mono<List<float[]>> embed(List<String> texts) {
        Map<String, float[]> known = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String text : new LinkedHashSet<>(texts)) {
            float[] v = local.getIfPresent(text);
            if (v != null) {
                known.put(text, v);
            } else {
                missing.add(text);
            }
        }
        if (missing.isEmpty()) {
            return Mono.just(inOrder(texts, known));
        }
        return onWorker(() -> {
            for (String text : missing) {
                float[] vector = model.embed(text);
                local.put(text, vector);
                known.put(text, vector);
            }
            return inOrder(texts, known);
        });
    }

    /** Vectors of texts that are stored, not searched (facts): straight to the model, one batch. */
    public Mono<List<float[]>> embedForStorage(List<String> texts) {
        return texts.isEmpty() ? Mono.just(List.of()) : onWorker(() -> model.embedAll(texts));
    }

    private static <T> Mono<T> onWorker(java.util.concurrent.Callable<T> work) {
        // The model is CPU-bound and blocking: keep it off the network event loops.
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }

    private static List<float[]> inOrder(List<String> texts, Map<String, float[]> known) {
        List<float[]> result = new ArrayList<>(texts.size());
        for (String text : texts) {
            result.add(known.get(text));
        }
        return result;
    }
}

package io.agentmemory.engine.embedding;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agentmemory.engine.cache.CacheKeys;
import io.agentmemory.engine.cache.MemoryCache;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Query vectors, cached: an embedding is a pure function of the text and the model, so it is looked up in
 * process first, then in the shared cache (other execution environments may have computed it), and only the
 * remaining texts go to the model, in one batch.
 */
public final class QueryEmbeddings {

    private final EmbeddingModel model;
    private final MemoryCache cache;
    private final Duration ttl;
    private final Cache<String, float[]> local = Caffeine.newBuilder().maximumSize(10_000).build();

    public QueryEmbeddings(EmbeddingModel model, MemoryCache cache, Duration ttl) {
        this.model = model;
        this.cache = cache;
        this.ttl = ttl;
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
        List<String> keys = missing.stream().map(t -> CacheKeys.embedding(model.name(), t)).toList();
        return cache.getAll(keys)
                .defaultIfEmpty(List.of())
                .flatMap(values -> {
                    List<String> toCompute = new ArrayList<>();
                    for (int i = 0; i < missing.size(); i++) {
                        byte[] bytes = values.isEmpty() ? null : values.get(i);
                        if (bytes != null && bytes.length == model.dimension() * Float.BYTES) {
                            float[] v = decode(bytes);
                            local.put(missing.get(i), v);
                            known.put(missing.get(i), v);
                        } else {
                            toCompute.add(missing.get(i));
                        }
                    }
                    if (toCompute.isEmpty()) {
                        return Mono.just(inOrder(texts, known));
                    }
                    return computeBlocking(toCompute).flatMap(vectors -> {
                        Map<String, byte[]> entries = new HashMap<>();
                        for (int i = 0; i < toCompute.size(); i++) {
                            local.put(toCompute.get(i), vectors.get(i));
                            known.put(toCompute.get(i), vectors.get(i));
                            entries.put(CacheKeys.embedding(model.name(), toCompute.get(i)), encode(vectors.get(i)));
                        }
                        return cache.putAll(entries, ttl).thenReturn(inOrder(texts, known));
                    });
                });
    }

    /** Vectors of texts that are stored, not searched (facts): straight to the model, one batch. */
    public Mono<List<float[]>> embedForStorage(List<String> texts) {
        return texts.isEmpty() ? Mono.just(List.of()) : computeBlocking(texts);
    }

    private Mono<List<float[]>> computeBlocking(List<String> texts) {
        // The model is CPU-bound and blocking: keep it off the network event loops.
        return Mono.fromCallable(() -> model.embedAll(texts)).subscribeOn(Schedulers.boundedElastic());
    }

    private static List<float[]> inOrder(List<String> texts, Map<String, float[]> known) {
        List<float[]> result = new ArrayList<>(texts.size());
        for (String text : texts) {
            result.add(known.get(text));
        }
        return result;
    }

    static byte[] encode(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    static float[] decode(byte[] bytes) {
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}

package io.agentmemory.engine.search;

import com.fasterxml.jackson.databind.JavaType;
import io.agentmemory.engine.EngineJson;
import io.agentmemory.engine.api.BatchItemResult;
import io.agentmemory.engine.api.RequestValidator;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.SearchResult;
import io.agentmemory.engine.api.ValidationException;
import io.agentmemory.engine.cache.CachedResult;
import io.agentmemory.engine.cache.CachedVector;
import io.agentmemory.engine.cache.MemoryCache;
import io.agentmemory.engine.embedding.QueryEmbeddings;
import io.agentmemory.engine.freshness.UserRevisions;
import io.agentmemory.engine.store.Database;
import io.agentmemory.engine.store.SearchRanking;
import io.agentmemory.engine.store.SearchedRows;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Single and batch search, answered from the cache where a result is still current, from one SQL statement otherwise. */
public final class SearchOperation {

    private static final JavaType HITS = EngineJson.MAPPER.getTypeFactory().constructCollectionType(List.class, SearchHit.class);

    private final MemoryCache cache;
    private final QueryEmbeddings embeddings;
    private final DatabaseSearch databaseSearch;
    private final UserRevisions revisions;
    private final Duration resultTtl;

    public SearchOperation(Database database, MemoryCache cache, QueryEmbeddings embeddings, SearchRanking ranking,
                           UserRevisions revisions, int poolMaxSize, Duration resultTtl) {
        this.cache = cache;
        this.revisions = revisions;
        this.embeddings = embeddings;
        this.databaseSearch = new DatabaseSearch(database, embeddings, ranking, poolMaxSize);
        this.resultTtl = resultTtl;
    }

    public Mono<SearchResult> search(SearchRequest request) {
        return Mono.defer(() -> {
            RequestValidator.validate(request);
            return searchValid(List.of(request)).map(results -> results.get(0));
        });
    }

    /** Up to 100 searches for any users, answered in input order; a failed item does not fail the others. */
    public Mono<List<BatchItemResult>> searchBatch(List<SearchRequest> requests) {
        return Mono.defer(() -> {
            List<ValidationException> invalid = RequestValidator.validateBatch(requests);
            List<SearchRequest> valid = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                if (invalid.get(i) == null) {
                    valid.add(requests.get(i));
                }
            }
            Mono<List<SearchResult>> answered = valid.isEmpty() ? Mono.just(List.of()) : searchValid(valid);
            return answered.map(results -> {
                List<BatchItemResult> out = new ArrayList<>(requests.size());
                int next = 0;
                for (ValidationException error : invalid) {
                    out.add(error != null ? BatchItemResult.failed(error) : BatchItemResult.ok(results.get(next++)));
                }
                return out;
            });
        });
    }

    /** Runs the JSON mapping of cached hits once, so a snapshot taken afterwards holds it warm. */
    public static void warmUp() {
        EngineJson.read(EngineJson.bytes(List.of(new SearchHit(UUID.randomUUID(), "x", 1.0, Map.of("k", "v"),
                List.of("c"), Instant.now(), Instant.now(), false, false, false, Instant.now(),
                List.of(Map.of("phrase", "yesterday", "date", "2025-01-01"))))), HITS);
    }

    /**
     * One pipelined round trip to the cache for every cached result and the vectors of query texts this process has
     * not embedded yet; where a result was found, one statement for the users' revisions (a result is served only
     * if computed at the current one); one SQL statement for all misses. The answer does not wait for the cache
     * fill: results (tagged with the revision read with their rows) and new vectors are sent afterwards.
     */
    private Mono<List<SearchResult>> searchValid(List<SearchRequest> requests) {
        int n = requests.size();
        String model = embeddings.model().name();
        List<String> keys = requests.stream().map(r -> SearchKeys.result(model, r)).toList();
        Map<String, String> vectorKeys = new LinkedHashMap<>();
        for (SearchRequest r : requests) {
            if (r.mode().usesVectors() && !embeddings.knows(r.query())) {
                vectorKeys.putIfAbsent(SearchKeys.vector(model, r), r.query());
            }
        }
        List<String> lookedUp = new ArrayList<>(keys);
        lookedUp.addAll(vectorKeys.keySet());
        return cache.getAll(lookedUp).defaultIfEmpty(List.of()).flatMap(values -> {
            boolean reached = !values.isEmpty();
            Set<String> cachedUsers = new LinkedHashSet<>();
            for (int i = 0; reached && i < n; i++) {
                if (values.get(i) != null) {
                    cachedUsers.add(requests.get(i).userId());
                }
            }
            Mono<Map<String, Long>> current = cachedUsers.isEmpty() ? Mono.just(Map.of()) : revisions.current(cachedUsers);
            return current.flatMap(revisionOf -> {
                long now = System.currentTimeMillis();
                SearchResult[] results = new SearchResult[n];
                List<Integer> misses = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    byte[] hit = reached ? CachedResult.payloadIfCurrent(values.get(i), revisionOf.get(requests.get(i).userId()), now)
                            : null;
                    if (hit != null) {
                        results[i] = new SearchResult(EngineJson.read(hit, HITS), true);
                    } else {
                        misses.add(i);
                    }
                }
                if (misses.isEmpty()) {
                    return Mono.just(List.of(results));
                }
                Map<String, float[]> foundVectors = new HashMap<>();
                int k = n;
                for (String text : vectorKeys.values()) {
                    float[] vector = reached ? CachedVector.decode(values.get(k++), embeddings.model().dimension()) : null;
                    if (vector != null) {
                        foundVectors.put(text, vector);
                    }
                }
                List<SearchRequest> missed = misses.stream().map(requests::get).toList();
                return databaseSearch.search(missed, foundVectors).map(found -> {
                    Map<String, byte[]> toCache = new HashMap<>();
                    for (int m = 0; m < misses.size(); m++) {
                        int i = misses.get(m);
                        SearchRequest r = requests.get(i);
                        results[i] = new SearchResult(found.hits().get(m), false);
                        SearchedRows rows = found.rows().get(m);
                        if (reached) {
                            toCache.put(keys.get(i), CachedResult.encode(rows.revision(), rows.validUntilMillis(),
                                    EngineJson.bytes(found.hits().get(m))));
                        }
                        float[] computed = found.computedVectors().get(r.query());
                        if (reached && computed != null) {
                            toCache.put(SearchKeys.vector(model, r), CachedVector.encode(computed));
                        }
                    }
                    cache.putAll(toCache, resultTtl).subscribe();
                    return List.of(results);
                });
            });
        });
    }
}

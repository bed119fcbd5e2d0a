package io.agentmemory.engine.search;

import io.agentmemory.engine.api.BatchItemResult;
import io.agentmemory.engine.api.RequestValidator;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchHitsJson;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.SearchResult;
import io.agentmemory.engine.api.ValidationException;
import io.agentmemory.engine.cache.CachedResult;
import io.agentmemory.engine.cache.CachedVector;
import io.agentmemory.engine.cache.LocalResults;
import io.agentmemory.engine.cache.MemoryCache;
import io.agentmemory.engine.embedding.ModelStop;
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
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Single and batch search, answered from the cache where a result is still current, from one SQL statement otherwise. */
public final class SearchOperation {

    private final MemoryCache cache;
    private final LocalResults local;
    private final QueryEmbeddings embeddings;
    private final DatabaseSearch databaseSearch;
    private final UserRevisions revisions;
    private final Duration resultTtl;

    public SearchOperation(Database database, MemoryCache cache, LocalResults local, QueryEmbeddings embeddings,
                           SearchRanking ranking, UserRevisions revisions, int poolMaxSize, Duration resultTtl) {
        this.cache = cache;
        this.local = local;
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
        byte[] stored = SearchHitsJson.write(List.of(new SearchHit(UUID.randomUUID(), "x", 1.0, Map.of("k", "v"),
                List.of("c"), Instant.now(), Instant.now(), false, false, false, Instant.now(),
                List.of(Map.of("phrase", "yesterday", "date", "2025-01-01")))));
        SearchResult.fromCache(stored).results().size();
        SearchHitsJson.read(stored);
    }

    /**
     * Where this environment holds every result asked for ({@link LocalResults}), one statement for the users'
     * revisions, and the results are served if they are all current. Otherwise the shared cache:
     * {@link #fromSharedCache}.
     */
    private Mono<List<SearchResult>> searchValid(List<SearchRequest> requests) {
        String model = embeddings.model().name();
        List<String> keys = requests.stream().map(r -> SearchKeys.result(model, r)).toList();
        List<byte[]> held = local.getAll(keys);
        if (held == null) {
            return fromSharedCache(requests, keys, null);
        }
        Set<String> users = new LinkedHashSet<>();
        requests.forEach(r -> users.add(r.userId()));
        return revisions.current(users).flatMap(revisionNow -> {
            long now = System.currentTimeMillis();
            List<SearchResult> results = new ArrayList<>(requests.size());
            for (int i = 0; i < requests.size(); i++) {
                byte[] hit = local.payloadIfCurrent(keys.get(i), held.get(i), revisionNow.get(requests.get(i).userId()), now);
                if (hit != null) {
                    results.add(SearchResult.fromCache(hit));
                }
            }
            return results.size() == requests.size() ? Mono.just(results) : fromSharedCache(requests, keys, revisionNow);
        });
    }

    /**
     * One pipelined round trip to the cache for every cached result and the vectors of query texts this process has
     * not embedded yet; where a result was found, one statement for the users' revisions (a result is served only
     * if computed at the current one) unless {@code revisionOf} has them already; one SQL statement for all misses.
     * The cache fill (results tagged with the revision read with their rows, and new vectors) is encoded and sent
     * after the caller has its answer ({@link AnswerFirst}); it was announced before, so that a look-up started in
     * the meantime waits for it.
     *
     * <p>Reading the revision beside the look-up, before the cache's answer has arrived (or before the look-up, as
     * {@code revisionOf} was), is as safe as after it: both start after every write that had answered when this
     * search began, so a result computed before such a write carries an older revision than the one read.
     */
    private Mono<List<SearchResult>> fromSharedCache(List<SearchRequest> requests, List<String> keys, Map<String, Long> revisionOf) {
        String model = embeddings.model().name();
        Map<String, String> vectorKeys = new LinkedHashMap<>();
        for (SearchRequest r : requests) {
            if (r.mode().usesVectors() && !embeddings.knows(r.query())) {
                vectorKeys.putIfAbsent(SearchKeys.vector(model, r), r.query());
            }
        }
        List<String> lookedUp = new ArrayList<>(keys);
        lookedUp.addAll(vectorKeys.keySet());
        Mono<List<byte[]>> lookUp = cache.getAll(lookedUp).defaultIfEmpty(List.of());
        if (revisionOf != null) {
            return lookUp.flatMap(values -> answer(requests, keys, vectorKeys, values, revisionOf, Map.of()));
        }
        // A single search of a query this process has embedded before (so most likely answered here, its result
        // cached) reads the user's revision beside the look-up. A new query's result most likely is not cached:
        // its revision is read only if one comes back, so a miss stays one statement on one connection.
        SearchRequest only = requests.get(0);
        if (requests.size() > 1 || !cache.enabled() || !only.mode().usesVectors()) {
            return lookUp.flatMap(values -> answer(requests, keys, vectorKeys, values, null, Map.of()));
        }
        if (!vectorKeys.isEmpty()) {
            return embeddings.model().runsInProcess() ? embeddedBesideLookUp(requests, keys, vectorKeys, lookUp)
                    : lookUp.flatMap(values -> answer(requests, keys, vectorKeys, values, null, Map.of()));
        }
        return Mono.zip(lookUp, revisions.current(List.of(only.userId())))
                .flatMap(read -> answer(requests, keys, vectorKeys, read.getT1(), read.getT2(), Map.of()));
    }

    /**
     * A single search of a query this process has not embedded: the look-up is sent, and the in-process model embeds
     * the query on the caller's thread while it is in flight, so the cache's round trip is hidden behind the model
     * instead of coming before it. If the look-up brings the result or the query's vector, the model is stopped at
     * its next step: a hit pays for no more of the model than had run when the cache answered. A model behind the
     * network is not asked ahead: a call that may not be needed would cost money, not just CPU.
     */
    private Mono<List<SearchResult>> embeddedBesideLookUp(List<SearchRequest> requests, List<String> keys,
                                                          Map<String, String> vectorKeys, Mono<List<byte[]>> lookUp) {
        String query = requests.get(0).query();
        return Mono.deferContextual(context -> {
            ModelStop stop = new ModelStop();
            CompletableFuture<List<byte[]>> lookedUp = lookUp
                    .doOnNext(values -> {
                        if (values.stream().anyMatch(Objects::nonNull)) {
                            stop.request();
                        }
                    })
                    .contextWrite(context)
                    .toFuture();
            return embeddings.embedQueryUnlessStopped(query, stop)
                    .map(vector -> Map.of(query, vector))
                    .defaultIfEmpty(Map.of())
                    .flatMap(ahead -> Mono.fromFuture(lookedUp)
                            .flatMap(values -> answer(requests, keys, vectorKeys, values, null, ahead)));
        });
    }

    /**
     * @param revisionOf the users' revisions when already read, else null (read here if a cached result came back)
     * @param embeddedAhead query vectors the model computed while the look-up was in flight
     */
    private Mono<List<SearchResult>> answer(List<SearchRequest> requests, List<String> keys, Map<String, String> vectorKeys,
                                            List<byte[]> values, Map<String, Long> revisionOf,
                                            Map<String, float[]> embeddedAhead) {
        int n = requests.size();
        boolean reached = !values.isEmpty();
        Set<String> cachedUsers = new LinkedHashSet<>();
        for (int i = 0; reached && i < n; i++) {
            if (values.get(i) != null) {
                cachedUsers.add(requests.get(i).userId());
            }
        }
        Mono<Map<String, Long>> current = revisionOf != null ? Mono.just(revisionOf)
                : cachedUsers.isEmpty() ? Mono.just(Map.of()) : revisions.current(cachedUsers);
        return current.flatMap(revisionNow -> {
            long now = System.currentTimeMillis();
            SearchResult[] results = new SearchResult[n];
            List<Integer> misses = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] hit = reached ? CachedResult.payloadIfCurrent(values.get(i), revisionNow.get(requests.get(i).userId()), now)
                        : null;
                if (hit != null) {
                    results[i] = SearchResult.fromCache(hit);
                    local.put(keys.get(i), requests.get(i).userId(), values.get(i));
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
            // Computed here and in no cache yet: the fill shares them as if the search had computed them.
            Map<String, float[]> computedAhead = new HashMap<>();
            embeddedAhead.forEach((text, vector) -> {
                if (foundVectors.putIfAbsent(text, vector) == null) {
                    computedAhead.put(text, vector);
                }
            });
            List<SearchRequest> missed = misses.stream().map(requests::get).toList();
            return AnswerFirst.then(databaseSearch.search(missed, foundVectors).map(found -> found.alsoComputed(computedAhead)), found -> {
                for (int m = 0; m < misses.size(); m++) {
                    results[misses.get(m)] = new SearchResult(found.hits().get(m), false);
                }
                if (!reached) {
                    return new AnswerFirst.Answer<>(List.of(results), () -> { });
                }
                // Encoded and sent once the caller has its answer. It carries the revision read with its rows, so
                // one that arrives late (say after the environment was frozen and thawed) is still served only while
                // no write has happened since.
                MemoryCache.AnnouncedFill fill = cache.announceFill();
                return new AnswerFirst.Answer<>(List.of(results), () -> fill(fill, requests, keys, misses, found));
            });
        });
    }

    /** The missed searches' results, with the revision read beside their rows, and the query vectors computed for them. */
    private void fill(MemoryCache.AnnouncedFill fill, List<SearchRequest> requests, List<String> keys, List<Integer> misses,
                      DatabaseSearch.Found found) {
        Map<String, byte[]> toCache = new HashMap<>();
        try {
            encode(requests, keys, misses, found, toCache);
        } finally {
            fill.send(toCache, resultTtl);
        }
    }

    private void encode(List<SearchRequest> requests, List<String> keys, List<Integer> misses, DatabaseSearch.Found found,
                        Map<String, byte[]> toCache) {
        String model = embeddings.model().name();
        for (int m = 0; m < misses.size(); m++) {
            int i = misses.get(m);
            SearchRequest r = requests.get(i);
            SearchedRows rows = found.rows().get(m);
            byte[] result = CachedResult.encode(rows.revision(), rows.validUntilMillis(), SearchHitsJson.write(found.hits().get(m)));
            toCache.put(keys.get(i), result);
            local.put(keys.get(i), r.userId(), result);
            float[] computed = found.computedVectors().get(r.query());
            if (computed != null) {
                toCache.put(SearchKeys.vector(model, r), CachedVector.encode(computed));
            }
        }
    }
}

package io.agentmemory.engine;

import com.fasterxml.jackson.databind.JavaType;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.BatchItemResult;
import io.agentmemory.engine.api.DeletionReport;
import io.agentmemory.engine.api.HistoryEntry;
import io.agentmemory.engine.api.IdempotencyConflictException;
import io.agentmemory.engine.api.Memory;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.MemoryNotFoundException;
import io.agentmemory.engine.api.MemoryPage;
import io.agentmemory.engine.api.MemoryUpdate;
import io.agentmemory.engine.api.RequestValidator;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.SearchResult;
import io.agentmemory.engine.api.SweepReport;
import io.agentmemory.engine.api.ValidationException;
import io.agentmemory.engine.cache.CacheKeys;
import io.agentmemory.engine.cache.CachedResult;
import io.agentmemory.engine.cache.CachedVector;
import io.agentmemory.engine.cache.MemoryCache;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.embedding.OnnxSentenceEmbeddingModel;
import io.agentmemory.engine.embedding.QueryEmbeddings;
import io.agentmemory.engine.api.Limits;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.TravelPreferences;
import io.agentmemory.engine.api.UserContext;
import io.agentmemory.engine.context.ContextGroup;
import io.agentmemory.engine.context.PreferenceFacts;
import io.agentmemory.engine.context.TravelContextBuilder;
import io.agentmemory.engine.extraction.FactExtractor;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;
import io.agentmemory.engine.extraction.TextNormalizer;
import io.agentmemory.engine.extraction.VerbatimFactExtractor;
import io.agentmemory.engine.store.Database;
import io.agentmemory.engine.store.MemoryStore;
import io.agentmemory.engine.store.NewMemory;
import io.agentmemory.engine.store.SearchRanking;
import io.agentmemory.engine.store.ReopenableConnectionPool;
import io.agentmemory.engine.store.StoredSearch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The memory engine: the one API every function uses. Non-blocking; every method returns a cold Mono.
 * Connections open lazily on first use and can be closed (before a snapshot) and reopened transparently.
 *
 * <p>Read-your-writes: a write commits, then replaces the user's cache generation, and only then answers.
 * A search reads the generation before it reads the database and caches its result under that generation,
 * so a result computed before a write can never be found after the write has answered.
 */
public final class MemoryEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryEngine.class);
    /** The context reads at most this many of a user's memories (the oldest first), bounding its cost. */
    public static final int CONTEXT_MEMORIES_MAX = 1_000;
    private static final JavaType CONTEXT = EngineJson.MAPPER.getTypeFactory().constructType(UserContext.class);
    private static final JavaType HITS = EngineJson.MAPPER.getTypeFactory().constructCollectionType(List.class, SearchHit.class);
    /** Below this many cache misses a batch is one statement: splitting costs a round trip of its own. */
    private static final int SPLIT_BATCH_MIN = 16;

    private final EngineConfig config;
    /** Time limits of this engine's calls; they stop with its connections. */
    private final Deadlines deadlines = new Deadlines();
    private final ReopenableConnectionPool pool;
    private final Database database;
    private final MemoryStore store = new MemoryStore();
    private final SearchRanking ranking;
    private final MemoryCache cache;
    private final QueryEmbeddings embeddings;
    private final FactExtractor extractor;
    private final FactExtractor verbatim = new VerbatimFactExtractor();
    private final boolean splitsLargeBatches;

    MemoryEngine(EngineConfig config, EmbeddingModel model, FactExtractor extractor) {
        this.config = config;
        this.pool = new ReopenableConnectionPool(config, deadlines);
        // The whole database budget of one call: acquire (+ one connection retry) and the statement.
        this.database = new Database(pool, config.poolAcquireTimeout().plus(config.statementTimeout()), deadlines);
        this.cache = new MemoryCache(config, deadlines);
        this.embeddings = new QueryEmbeddings(model);
        this.extractor = extractor;
        this.ranking = config.searchesThroughCodes()
                ? SearchRanking.throughCodes(config.textSearchConfig(), config.fusionDepth(), config.fusionK(),
                        config.searchCandidates(), config.searchCandidateShare())
                : SearchRanking.exact(config.textSearchConfig(), config.fusionDepth(), config.fusionK());
        this.splitsLargeBatches = Runtime.getRuntime().availableProcessors() >= 2 && config.poolMaxSize() >= 2;
        cache.onRecovery(this::applyPendingInvalidations);
    }

    /** An engine with the in-process model (loaded once per process) and the local rule-based extractor. */
    public static MemoryEngine create(EngineConfig config) {
        return new MemoryEngine(config, SharedModel.get(), new RuleBasedFactExtractor());
    }

    public static MemoryEngine create(EngineConfig config, EmbeddingModel model, FactExtractor extractor) {
        return new MemoryEngine(config, model, extractor);
    }

    public EmbeddingModel embeddingModel() {
        return embeddings.model();
    }

    // ---------------------------------------------------------------------------------------------- add

    public Mono<AddResult> add(AddRequest request) {
        return Mono.defer(() -> {
            RequestValidator.validate(request);
            List<String> facts = distinctFacts((request.infer() ? extractor : verbatim).extract(request.messages()));
            List<String> keys = facts.stream().map(TextNormalizer::key).toList();
            String digest = request.idempotencyKey() == null ? null : Sha256.short128(canonical(request));
            return embeddings.embedForStorage(facts)
                    .flatMap(vectors -> database.asWriterOf(request.userId(), c -> replay(c, request, digest)
                            .switchIfEmpty(Mono.defer(() -> write(c, request, facts, keys, vectors, digest)))))
                    .flatMap(result -> result.replayed() || result.count(MemoryEvent.ADD) + result.count(MemoryEvent.UPDATE) == 0
                            ? Mono.just(result)
                            : invalidateAfterWrite(List.of(request.userId())).thenReturn(result));
        });
    }

    private Mono<AddResult> replay(Connection c, AddRequest request, String digest) {
        if (request.idempotencyKey() == null) {
            return Mono.empty();
        }
        return store.idempotencyRecord(c, request.userId(), request.idempotencyKey()).map(record -> {
            if (!record[0].equals(digest)) {
                throw new IdempotencyConflictException();
            }
            AddResult first = EngineJson.read(record[1], AddResult.class);
            return new AddResult(first.results(), true);
        });
    }

    private Mono<AddResult> write(Connection c, AddRequest request, List<String> facts, List<String> keys,
                                  List<float[]> vectors, String digest) {
        Mono<List<FactDecision>> decisions = facts.isEmpty() ? Mono.just(List.of())
                : store.nearest(c, request.userId(), vectors, ranking)
                .map(matches -> FactDecision.decide(facts, keys, matches, config.updateSimilarityThreshold()));
        String metadata = EngineJson.write(request.metadata() == null ? Map.of() : request.metadata());
        List<String> categories = request.categories() == null ? List.of() : request.categories();
        return decisions.flatMap(list -> {
                    List<NewMemory> added = list.stream().filter(d -> d.event() == MemoryEvent.ADD)
                            .map(d -> new NewMemory(d.memoryId(), request.userId(), d.text(), d.key(), vectors.get(d.factIndex()),
                                    metadata, categories, request.sessionId(), request.expiresAt()))
                            .toList();
                    // Every new fact in one statement; updates (rarer) one statement each.
                    Mono<Void> adds = added.isEmpty() ? Mono.empty() : store.insertAllWithHistory(c, added).then();
                    Mono<Void> updates = Flux.fromIterable(list).filter(d -> d.event() == MemoryEvent.UPDATE)
                            .concatMap(d -> store.replaceTextWithHistory(c, request.userId(), d.memoryId(), d.text(), d.key(),
                                    vectors.get(d.factIndex()), d.previousText()))
                            .then();
                    return adds.then(updates)
                            .then(Mono.fromSupplier(() -> new AddResult(list.stream().map(FactDecision::result).toList(), false)));
                })
                .flatMap(result -> request.idempotencyKey() == null ? Mono.just(result)
                        : store.saveIdempotencyRecord(c, request.userId(), request.idempotencyKey(), digest,
                        EngineJson.write(result)).thenReturn(result));
    }

    private static List<String> distinctFacts(List<String> facts) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String fact : facts) {
            byKey.putIfAbsent(TextNormalizer.key(fact), fact);
        }
        return List.copyOf(byKey.values());
    }

    private static String canonical(AddRequest r) {
        Map<String, Object> form = new TreeMap<>();
        form.put("messages", r.messages());
        form.put("sessionId", r.sessionId());
        form.put("metadata", r.metadata() == null ? Map.of() : r.metadata());
        form.put("categories", r.categories() == null ? List.of() : r.categories());
        form.put("infer", r.infer());
        form.put("expiresAt", r.expiresAt() == null ? null : r.expiresAt().toString());
        return EngineJson.write(form);
    }

    // ------------------------------------------------------------------------------------------- search

    public Mono<SearchResult> search(SearchRequest request) {
        return Mono.defer(() -> {
            RequestValidator.validate(request);
            return searchValid(List.of(request)).map(results -> results.get(0));
        });
    }

    /** Up to 100 searches for any users, answered in input order; a failed item does not fail the others. */
    public Mono<List<BatchItemResult>> searchBatch(List<SearchRequest> requests) {
        return Mono.defer(() -> {
            RequestValidator.validateBatch(requests);
            Map<Integer, ValidationException> invalid = new HashMap<>();
            List<SearchRequest> valid = new ArrayList<>();
            List<Integer> validIndex = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                ValidationException error = requests.get(i) == null
                        ? ValidationException.of("searches[" + i + "]", "must be a search object")
                        : RequestValidator.check(requests.get(i), i);
                if (error != null) {
                    invalid.put(i, error);
                } else {
                    valid.add(requests.get(i));
                    validIndex.add(i);
                }
            }
            Mono<List<SearchResult>> answered = valid.isEmpty() ? Mono.just(List.of()) : searchValid(valid);
            return answered.map(results -> {
                List<BatchItemResult> out = new ArrayList<>(requests.size());
                for (int i = 0; i < requests.size(); i++) {
                    out.add(null);
                }
                invalid.forEach((i, e) -> out.set(i, BatchItemResult.failed(e)));
                for (int k = 0; k < results.size(); k++) {
                    out.set(validIndex.get(k), BatchItemResult.ok(results.get(k)));
                }
                return out;
            });
        });
    }

    /**
     * One pipelined round trip to the cache for the users' generations, every cached result and the vectors of
     * query texts this process has not embedded yet; one SQL statement for all misses. The answer does not wait
     * for the cache fill: the results (stored under the generation read before the query) and new vectors are
     * sent on this environment's cache connection, where they precede any later look-up of this environment.
     */
    private Mono<List<SearchResult>> searchValid(List<SearchRequest> requests) {
        int n = requests.size();
        List<String> filters = requests.stream().map(r -> EngineJson.write(filterForm(r))).toList();
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SearchRequest r = requests.get(i);
            keys.add(CacheKeys.searchResult(r.userId(), CacheKeys.hash(String.join("\u0001", embeddings.model().name(),
                    r.userId(), r.query(), Integer.toString(r.limit()), Double.toString(r.threshold()), filters.get(i),
                    r.mode().wireName()))));
        }
        Map<String, String> vectorKeys = new LinkedHashMap<>();
        for (SearchRequest r : requests) {
            if (r.mode().usesVectors() && !embeddings.knows(r.query())) {
                vectorKeys.putIfAbsent(vectorKey(r), r.query());
            }
        }
        List<String> lookedUp = new ArrayList<>(keys);
        lookedUp.addAll(vectorKeys.keySet());
        List<String> users = requests.stream().map(SearchRequest::userId).toList();
        return cache.lookup(users, lookedUp)
                .defaultIfEmpty(new MemoryCache.Lookup(Map.of(), List.of()))
                .flatMap(lookup -> {
                    boolean reached = !lookup.values().isEmpty();
                    SearchResult[] results = new SearchResult[n];
                    List<Integer> misses = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        byte[] hit = reached ? CachedResult.payloadIfCurrent(lookup.values().get(i),
                                lookup.generations().get(requests.get(i).userId())) : null;
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
                    if (reached) {
                        int k = n;
                        for (String text : vectorKeys.values()) {
                            float[] vector = CachedVector.decode(lookup.values().get(k++), embeddings.model().dimension());
                            if (vector != null) {
                                foundVectors.put(text, vector);
                            }
                        }
                    }
                    // Results are stored under the generation read before the database: a write that lands in
                    // between rotates it, and the result is never served. A user's first search creates one.
                    Mono<Map<String, String>> generations = !reached ? Mono.just(Map.<String, String>of())
                            : misses.stream().allMatch(i -> lookup.generations().containsKey(requests.get(i).userId()))
                            ? Mono.just(lookup.generations())
                            : cache.generations(misses.stream().map(i -> requests.get(i).userId()).toList()).defaultIfEmpty(Map.of());
                    return generations.flatMap(gens -> searchDatabase(requests, filters, misses, foundVectors).map(found -> {
                        Map<String, byte[]> toCache = new HashMap<>();
                        for (int m = 0; m < misses.size(); m++) {
                            int i = misses.get(m);
                            results[i] = new SearchResult(found.hits().get(m), false);
                            String gen = gens.get(requests.get(i).userId());
                            if (gen != null) {
                                toCache.put(keys.get(i), CachedResult.encode(gen, EngineJson.bytes(found.hits().get(m))));
                            }
                            float[] computed = found.computedVectors().get(requests.get(i).query());
                            if (reached && computed != null) {
                                toCache.put(vectorKey(requests.get(i)), CachedVector.encode(computed));
                            }
                        }
                        cache.putAll(toCache, config.searchResultTtl()).subscribe();
                        return List.of(results);
                    }));
                });
    }

    private String vectorKey(SearchRequest r) {
        return CacheKeys.queryVector(r.userId(), CacheKeys.hash(embeddings.model().name() + "\u0001" + r.query()));
    }

    /** The hits of each missed search, and the query vectors the model computed for them. */
    private record Found(List<List<SearchHit>> hits, Map<String, float[]> computedVectors) {

        Found followedBy(Found next) {
            List<List<SearchHit>> all = new ArrayList<>(hits);
            all.addAll(next.hits);
            Map<String, float[]> vectors = new HashMap<>(computedVectors);
            vectors.putAll(next.computedVectors);
            return new Found(all, vectors);
        }
    }

    /**
     * A large batch of misses is answered in two halves at once, each embedding its queries on a thread of its own
     * and ranking them on a connection of its own (the pool's two), so both cores work: a batch's cost is its
     * queries' model calls and scans, which one thread and one PostgreSQL backend would otherwise do one after
     * the other. With one core, or a pool of one, the batch stays whole.
     */
    private Mono<Found> searchDatabase(List<SearchRequest> requests, List<String> filters, List<Integer> misses,
                                       Map<String, float[]> foundVectors) {
        if (!splitsLargeBatches || misses.size() < SPLIT_BATCH_MIN) {
            return searchPart(requests, filters, misses, foundVectors);
        }
        int half = misses.size() / 2;
        return Mono.zip(searchPart(requests, filters, misses.subList(0, half), foundVectors),
                        searchPart(requests, filters, misses.subList(half, misses.size()), foundVectors))
                .map(parts -> parts.getT1().followedBy(parts.getT2()));
    }

    private Mono<Found> searchPart(List<SearchRequest> requests, List<String> filters, List<Integer> misses,
                                   Map<String, float[]> foundVectors) {
        List<String> queries = misses.stream().map(requests::get).filter(r -> r.mode().usesVectors())
                .map(SearchRequest::query).toList();
        return embeddings.embed(queries, foundVectors).flatMap(vectors -> {
            List<StoredSearch> searches = new ArrayList<>(misses.size());
            Iterator<float[]> vector = vectors.inOrder().iterator();
            for (int i : misses) {
                SearchRequest r = requests.get(i);
                searches.add(new StoredSearch(r.userId(), r.query(), r.mode().usesVectors() ? vector.next() : null,
                        r.limit(), r.threshold(), filters.get(i), r.mode()));
            }
            Set<String> users = new LinkedHashSet<>();
            searches.forEach(search -> users.add(search.userId()));
            // One user's searches are that user's business; a batch spanning users is an audited admin read.
            Mono<List<List<SearchHit>>> hits = users.size() == 1
                    ? database.inOneStatementForUsers(users, (c, tenant) -> store.search(c, searches, ranking, tenant))
                    : database.asAdmin("batch-search", users, c -> store.search(c, searches, ranking, String.join(",", users)));
            return hits.map(found -> new Found(found, vectors.computed()));
        });
    }

    private static Map<String, Object> filterForm(SearchRequest r) {
        Map<String, Object> form = new TreeMap<>();
        if (!r.filters().categories().isEmpty()) {
            form.put("categories", r.filters().categories().stream().sorted().toList());
        }
        if (r.filters().sessionId() != null) {
            form.put("sessionId", r.filters().sessionId());
        }
        if (!r.filters().metadata().isEmpty()) {
            form.put("metadata", r.filters().metadata());
        }
        return form;
    }

    // ------------------------------------------------------------------------------------------ context

    /**
     * The user's memories grouped for a travel planner, with insights and a summary, from one SQL statement.
     * Cached under the user's generation like search results, so every write makes it stale at once.
     *
     * @param type one group's field name (e.g. {@code budgetPatterns}) to fill only that group, or null for all
     */
    public Mono<UserContext> context(String userId, String type) {
        return Mono.defer(() -> {
            RequestValidator.validateUserId(userId);
            ContextGroup only = type == null || type.isBlank() ? null : ContextGroup.byField(type.strip())
                    .orElseThrow(() -> ValidationException.of("type", "must be one of " + Arrays.stream(ContextGroup.values())
                            .map(ContextGroup::field).collect(Collectors.joining(", "))));
            String variant = CacheKeys.hash("context\u0001" + (only == null ? "" : only.field()));
            return cache.generations(List.of(userId)).defaultIfEmpty(Map.of()).flatMap(generations -> {
                String generation = generations.get(userId);
                String key = generation == null ? null : CacheKeys.context(userId, generation, variant);
                Mono<UserContext> cached = key == null ? Mono.empty() : cache.getAll(List.of(key))
                        .flatMap(values -> values.isEmpty() || values.get(0) == null ? Mono.empty()
                                : Mono.just(EngineJson.read(values.get(0), CONTEXT)));
                return cached.switchIfEmpty(Mono.defer(() -> database
                        .forUsers(List.of(userId), c -> store.contextMemories(c, userId, CONTEXT_MEMORIES_MAX))
                        .map(memories -> TravelContextBuilder.build(userId, memories, only))
                        .flatMap(built -> key == null ? Mono.just(built)
                                // Context changes only when memories do, and every write rotates the generation.
                                : cache.putAll(Map.of(key, EngineJson.bytes(built)), config.searchResultTtl().multipliedBy(3))
                                .thenReturn(built))));
            });
        });
    }

    /**
     * Stores each stated preference as one memory per preference, through the same decisions as add: the same
     * text is a NOOP, a changed preference UPDATEs its memory (with history), a new one is an ADD.
     */
    public Mono<AddResult> setPreferences(String userId, TravelPreferences preferences, String category) {
        return Mono.defer(() -> {
            RequestValidator.validateUserId(userId);
            if (preferences == null) {
                throw ValidationException.of("preferences", "is required");
            }
            Map<String, String> facts = PreferenceFacts.of(preferences);
            if (facts.isEmpty()) {
                throw ValidationException.of("preferences", "must state at least one preference");
            }
            if (category != null && (category.isBlank() || category.length() > Limits.CATEGORY_CHARS_MAX)) {
                throw ValidationException.of("category", "must be 1-" + Limits.CATEGORY_CHARS_MAX + " characters");
            }
            Map<String, String> factsByField = new LinkedHashMap<>();
            facts.forEach((slot, text) -> factsByField.put("preferences." + slot, text));
            RequestValidator.validatePreferenceFacts(factsByField, category);
            List<String> slots = List.copyOf(facts.keySet());
            List<String> texts = List.copyOf(facts.values());
            List<String> keys = texts.stream().map(TextNormalizer::key).toList();
            return embeddings.embedForStorage(texts)
                    .flatMap(vectors -> database.asWriterOf(userId, c -> store.preferenceMemories(c, userId, slots, keys)
                            .flatMap(existing -> Flux.range(0, slots.size()).concatMap(i -> writePreference(c, userId,
                                    slots.get(i), texts.get(i), keys.get(i), vectors.get(i),
                                    categoriesOf(slots.get(i), category), existing)).collectList())))
                    .map(results -> new AddResult(results, false))
                    .flatMap(result -> result.count(MemoryEvent.ADD) + result.count(MemoryEvent.UPDATE) == 0 ? Mono.just(result)
                            : invalidateAfterWrite(List.of(userId)).thenReturn(result));
        });
    }

    private static List<String> categoriesOf(String slot, String requested) {
        String group = PreferenceFacts.categoryOf(slot);
        return requested == null || requested.strip().equals(group) ? List.of(group) : List.of(group, requested.strip());
    }

    private Mono<FactResult> writePreference(Connection c, String userId, String slot, String text, String key,
                                             float[] vector, List<String> categories, List<Memory> existing) {
        Optional<Memory> sameText = existing.stream().filter(m -> TextNormalizer.key(m.memory()).equals(key)).findFirst();
        if (sameText.isPresent()) {
            return Mono.just(new FactResult(sameText.get().id(), sameText.get().memory(), MemoryEvent.NOOP, null));
        }
        Optional<Memory> sameSlot = existing.stream().filter(m -> slot.equals(m.metadata().get("preference"))).findFirst();
        if (sameSlot.isPresent()) {
            Memory old = sameSlot.get();
            return store.replaceTextWithHistory(c, userId, old.id(), text, key, vector, old.memory())
                    .thenReturn(new FactResult(old.id(), text, MemoryEvent.UPDATE, old.memory()));
        }
        UUID id = UUID.randomUUID();
        String metadata = EngineJson.write(Map.of("preference", slot));
        return store.insertAllWithHistory(c, List.of(new NewMemory(id, userId, text, key, vector, metadata, categories, null, null)))
                .thenReturn(new FactResult(id, text, MemoryEvent.ADD, null));
    }

    // ------------------------------------------------------------------------------------- invalidation

    /** Drops the user's cached results; finishes before it answers (no background work survives on Lambda). */
    public Mono<Void> invalidate(String userId) {
        return Mono.defer(() -> {
            RequestValidator.validateUserId(userId);
            return invalidateAfterWrite(List.of(userId));
        });
    }

    /**
     * Rotates the users' cache generations. When the cache can't be reached, the users are recorded in the
     * database instead, and every environment applies that record before it trusts the cache again.
     */
    private Mono<Void> invalidateAfterWrite(Collection<String> userIds) {
        if (!cache.enabled()) {
            return Mono.empty();
        }
        return cache.rotateGenerations(userIds)
                .onErrorResume(e -> {
                    LOG.warn("cache invalidation failed ({}); recording {} user(s) for later", e.getClass().getSimpleName(), userIds.size());
                    return Flux.fromIterable(userIds)
                            .concatMap(u -> database.forUsers(List.of(u), c -> store.addPendingInvalidation(c, u)))
                            .then()
                            .onErrorResume(e2 -> {
                                LOG.error("could not record a pending cache invalidation: {}", e2.getClass().getSimpleName());
                                return Mono.empty();
                            });
                });
    }

    private Mono<Void> applyPendingInvalidations() {
        return database.asAdmin("cache-recovery", List.of(), c -> store.pendingInvalidations(c))
                .flatMap(users -> users.isEmpty() ? Mono.<Void>empty()
                        : cache.rotateGenerations(users)
                        .then(database.asAdmin("cache-recovery", List.of(), c -> store.removePendingInvalidations(c, users)))
                        .doOnSuccess(n -> LOG.info("applied {} pending cache invalidation(s)", users.size()))
                        .then());
    }

    /** Deletes expired memories and old idempotency records, applies pending invalidations, reclaims stale cache entries. */
    public Mono<SweepReport> sweep() {
        Instant cutoff = Instant.now().minus(config.idempotencyKeyTtl());
        return database.asAdmin("sweep", List.of(), c -> store.deleteExpired(c)
                        .zipWith(store.deleteIdempotencyRecordsBefore(c, cutoff)))
                .flatMap(deleted -> {
                    Set<String> users = new LinkedHashSet<>(deleted.getT1());
                    Mono<Long> pending = database.asAdmin("sweep", List.of(), c -> store.pendingInvalidations(c))
                            .flatMap(list -> cache.rotateGenerations(list)
                                    .then(database.asAdmin("sweep", List.of(), c -> store.removePendingInvalidations(c, list)))
                                    .onErrorResume(e -> Mono.just(0L)));
                    return invalidateAfterWrite(users)
                            .then(pending)
                            .zipWith(cache.reclaimStaleEntries().onErrorResume(e -> Mono.just(0L)),
                                    (applied, stale) -> new SweepReport(deleted.getT1().size(), deleted.getT2(), stale, applied));
                });
    }

    // ---------------------------------------------------------------------------------- manage memories

    public Mono<MemoryPage> list(String userId, int limit, String cursor) {
        return Mono.defer(() -> {
            RequestValidator.validatePage(userId, limit);
            ListCursor after = ListCursor.decode(cursor);
            return database.forUsers(List.of(userId), c -> store.page(c, userId, after == null ? null : after.createdAt(),
                    after == null ? null : after.id(), limit + 1)).map(rows -> {
                if (rows.size() <= limit) {
                    return new MemoryPage(rows, null);
                }
                List<Memory> page = rows.subList(0, limit);
                Memory last = page.get(limit - 1);
                return new MemoryPage(List.copyOf(page), new ListCursor(last.createdAt(), last.id()).encode());
            });
        });
    }

    public Mono<Memory> get(String userId, UUID memoryId) {
        return Mono.defer(() -> {
            RequestValidator.validateUserId(userId);
            return database.forUsers(List.of(userId), c -> store.find(c, userId, memoryId, false))
                    .switchIfEmpty(Mono.error(() -> new MemoryNotFoundException(memoryId)));
        });
    }

    public Mono<Memory> update(String userId, UUID memoryId, MemoryUpdate update) {
        return Mono.defer(() -> {
            RequestValidator.validate(userId, update);
            Mono<List<float[]>> vector = update.memory() == null ? Mono.just(List.of())
                    : embeddings.embedForStorage(List.of(update.memory()));
            String metadata = update.metadata() == null ? null : EngineJson.write(update.metadata());
            return vector.flatMap(v -> database.asWriterOf(userId, c -> store.find(c, userId, memoryId, true)
                            .switchIfEmpty(Mono.error(() -> new MemoryNotFoundException(memoryId)))
                            .flatMap(current -> {
                                Mono<Void> text = Mono.empty();
                                if (update.memory() != null && !update.memory().equals(current.memory())) {
                                    text = store.replaceTextWithHistory(c, userId, memoryId, update.memory(),
                                            TextNormalizer.key(update.memory()), v.get(0), current.memory()).then();
                                }
                                Mono<Long> attributes = metadata == null && update.categories() == null ? Mono.just(0L)
                                        : store.updateAttributes(c, userId, memoryId, metadata, update.categories());
                                return text.then(attributes).then(store.find(c, userId, memoryId, false));
                            })))
                    .onErrorMap(R2dbcDataIntegrityViolationException.class,
                            e -> ValidationException.of("memory", "another memory of this user already says this"))
                    .flatMap(memory -> invalidateAfterWrite(List.of(userId)).thenReturn(memory));
        });
    }

    public Mono<Void> delete(String userId, UUID memoryId) {
        return Mono.defer(() -> {
            RequestValidator.validateUserId(userId);
            return database.asWriterOf(userId, c -> store.deleteOne(c, userId, memoryId)
                            .switchIfEmpty(Mono.error(() -> new MemoryNotFoundException(memoryId)))
                            .flatMap(old -> store.recordHistory(c, memoryId, userId, MemoryEvent.DELETE, old, null)))
                    .then(invalidateAfterWrite(List.of(userId)));
        });
    }

    /** Erases everything of one user: memories, history, idempotency records and cache entries. */
    public Mono<DeletionReport> deleteAll(String userId) {
        return Mono.defer(() -> {
            RequestValidator.validateUserId(userId);
            return database.asWriterOf(userId, c -> store.deleteUser(c, userId))
                    .flatMap(counts -> invalidateAfterWrite(List.of(userId))
                            .then(cache.deleteUserEntries(userId).onErrorResume(e -> Mono.just(0L)))
                            .map(cacheEntries -> new DeletionReport(userId, counts[0], counts[1], counts[2], cacheEntries)));
        });
    }

    public Mono<List<HistoryEntry>> history(String userId, UUID memoryId) {
        return Mono.defer(() -> {
            RequestValidator.validateUserId(userId);
            return database.forUsers(List.of(userId), c -> store.history(c, userId, memoryId))
                    .filter(entries -> !entries.isEmpty())
                    .switchIfEmpty(Mono.error(() -> new MemoryNotFoundException(memoryId)));
        });
    }

    // ------------------------------------------------------------------------------------ lifecycle

    /**
     * Loads the model and runs the hot code paths once (embedding, JSON mapping, a read-only search), so a
     * snapshot taken afterwards is warm. Never writes. A database that can't be reached is not an error here.
     */
    public void prime() {
        embeddings.model().embedAll(List.of("prime the embedding model", "and its batch path"));
        EngineJson.read(EngineJson.bytes(List.of(new SearchHit(UUID.randomUUID(), "x", 1.0, Map.of("k", "v"),
                List.of("c"), Instant.now(), Instant.now(), false, false, false))), HITS);
        try {
            search(SearchRequest.of("__prime__", "warm up the search path")).block(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warn("priming could not reach a backing service ({}); continuing", e.getClass().getSimpleName());
        }
    }

    /** Closes every database and cache connection (before a snapshot); the next call reopens them. */
    public void suspendConnections() {
        pool.close();
        cache.disconnect();
        deadlines.suspend();
    }

    public EngineStats stats() {
        return new EngineStats(pool.connectionsOpened(), pool.isOpen(), cache.isConnected(), cache.breakerState().name());
    }

    @Override
    public void close() {
        suspendConnections();
    }

    /** The in-process model is loaded once per process and shared by every engine in it. */
    private static final class SharedModel {
        private static volatile OnnxSentenceEmbeddingModel model;

        static synchronized EmbeddingModel get() {
            if (model == null) {
                model = OnnxSentenceEmbeddingModel.load();
            }
            return model;
        }
    }
}

package io.agentmemory.engine.add;

import io.agentmemory.engine.EngineJson;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.RequestValidator;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.embedding.QueryEmbeddings;
import io.agentmemory.engine.store.StoredMatch;
import io.agentmemory.engine.extraction.FactExtractor;
import io.agentmemory.engine.extraction.TextNormalizer;
import io.agentmemory.engine.extraction.VerbatimFactExtractor;
import io.agentmemory.engine.freshness.CacheFreshness;
import io.agentmemory.engine.store.Database;
import io.agentmemory.engine.store.MemoryStatements;
import io.agentmemory.engine.store.NewMemory;
import io.agentmemory.engine.store.SearchRanking;
import io.r2dbc.spi.Connection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adding memories: the facts of the messages (extracted, or verbatim), each decided against the user's nearest
 * memory ({@link FactDecision}) and written as the user's one writer, in one transaction with the idempotent
 * answer; then the user's cached results are made stale.
 */
public final class AddOperation {

    private final Database database;
    private final QueryEmbeddings embeddings;
    private final EmbeddingModel decisionModel;
    private final FactExtractor extractor;
    private final FactExtractor verbatim = new VerbatimFactExtractor();
    private final SearchRanking ranking;
    private final double updateThreshold;
    private final CacheFreshness freshness;

    /**
     * @param decisionModel compares a new fact with its nearest memory for the UPDATE threshold: the stored vectors'
     *                      model, or one whose cosines tell a changed attribute from a different fact
     *                      ({@link EmbeddingModel#separatesFactsBySimilarity()})
     */
    public AddOperation(Database database, QueryEmbeddings embeddings, EmbeddingModel decisionModel, FactExtractor extractor,
                        SearchRanking ranking, double updateThreshold, CacheFreshness freshness) {
        this.database = database;
        this.embeddings = embeddings;
        this.decisionModel = decisionModel;
        this.extractor = extractor;
        this.ranking = ranking;
        this.updateThreshold = updateThreshold;
        this.freshness = freshness;
    }

    public Mono<AddResult> add(AddRequest request) {
        return Mono.defer(() -> {
            RequestValidator.validate(request);
            List<String> facts = distinctFacts((request.infer() ? extractor : verbatim).extract(request.messages()));
            List<String> keys = facts.stream().map(TextNormalizer::key).toList();
            String digest = IdempotentAnswers.digest(request);
            return embeddings.embedForStorage(facts)
                    .flatMap(vectors -> database.asWriterOf(request.userId(), c -> IdempotentAnswers.replay(c, request, digest)
                            .switchIfEmpty(Mono.defer(() -> write(c, request, facts, keys, vectors)
                                    .flatMap(result -> IdempotentAnswers.keep(c, request, digest, result))))))
                    .flatMap(result -> result.replayed() || result.count(MemoryEvent.ADD) + result.count(MemoryEvent.UPDATE) == 0
                            ? Mono.just(result)
                            : freshness.afterWrite(List.of(request.userId())).thenReturn(result));
        });
    }

    private Mono<AddResult> write(Connection c, AddRequest request, List<String> facts, List<String> keys, List<float[]> vectors) {
        Mono<List<FactDecision>> decisions = facts.isEmpty() ? Mono.just(List.of())
                : MemoryStatements.nearest(c, request.userId(), vectors, ranking)
                .flatMap(matches -> comparedByDecisionModel(facts, matches))
                .map(matches -> FactDecision.decide(facts, keys, matches, updateThreshold));
        String model = embeddings.model().name();
        java.time.Instant said = request.observedAt() == null ? java.time.Instant.now() : request.observedAt();
        String metadata = EngineJson.write(request.metadata() == null ? Map.of() : request.metadata());
        List<String> categories = request.categories() == null ? List.of() : request.categories();
        return decisions.flatMap(list -> {
            List<NewMemory> added = list.stream().filter(d -> d.event() == MemoryEvent.ADD)
                    .map(d -> new NewMemory(d.memoryId(), request.userId(), d.text(), d.key(), vectors.get(d.factIndex()),
                            metadata, categories, request.sessionId(), request.expiresAt(), request.observedAt(),
                            MentionedDates.json(d.text(), said)))
                    .toList();
            // Every new fact in one statement; updates (rarer) one statement each.
            Mono<Void> adds = added.isEmpty() ? Mono.empty() : MemoryStatements.insertAllWithHistory(c, added, model).then();
            Mono<Void> updates = Flux.fromIterable(list).filter(d -> d.event() == MemoryEvent.UPDATE)
                    .concatMap(d -> MemoryStatements.replaceTextWithHistory(c, request.userId(), d.memoryId(), d.text(), d.key(),
                            vectors.get(d.factIndex()), model, d.previousText()))
                    .then();
            return adds.then(updates)
                    .then(Mono.fromSupplier(() -> new AddResult(list.stream().map(FactDecision::result).toList(), false)));
        });
    }

    /** The nearest memories (proposed by the stored vectors) with the decision model's similarity to their fact. */
    private Mono<List<StoredMatch>> comparedByDecisionModel(List<String> facts, List<StoredMatch> matches) {
        if (decisionModel == embeddings.model() || matches.stream().allMatch(m -> m.id() == null)) {
            return Mono.just(matches);
        }
        return Mono.fromCallable(() -> {
            List<String> texts = new java.util.ArrayList<>(facts);
            matches.forEach(m -> texts.add(m.id() == null ? "" : m.memory()));
            List<float[]> vectors = decisionModel.embedAll(texts);
            return matches.stream().map(m -> m.id() == null ? m : new StoredMatch(m.factIndex(), m.id(), m.memory(), m.memoryKey(),
                    dot(vectors.get(m.factIndex()), vectors.get(facts.size() + matches.indexOf(m))))).toList();
        }).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static List<String> distinctFacts(List<String> facts) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String fact : facts) {
            byKey.putIfAbsent(TextNormalizer.key(fact), fact);
        }
        return List.copyOf(byKey.values());
    }
}

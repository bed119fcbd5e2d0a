package io.agentmemory.engine.add;

import io.agentmemory.engine.EngineJson;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.RequestValidator;
import io.agentmemory.engine.embedding.QueryEmbeddings;
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
    private final FactExtractor extractor;
    private final FactExtractor verbatim = new VerbatimFactExtractor();
    private final SearchRanking ranking;
    private final double updateThreshold;
    private final CacheFreshness freshness;

    public AddOperation(Database database, QueryEmbeddings embeddings, FactExtractor extractor, SearchRanking ranking,
                        double updateThreshold, CacheFreshness freshness) {
        this.database = database;
        this.embeddings = embeddings;
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
        // The threshold is on the model's scale, the matches' similarity a cosine.
        double cosineThreshold = embeddings.model().cosineScale().cosineAt(updateThreshold);
        Mono<List<FactDecision>> decisions = facts.isEmpty() ? Mono.just(List.of())
                : MemoryStatements.nearest(c, request.userId(), vectors, ranking)
                .map(matches -> FactDecision.decide(facts, keys, matches, cosineThreshold));
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

    private static List<String> distinctFacts(List<String> facts) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String fact : facts) {
            byKey.putIfAbsent(TextNormalizer.key(fact), fact);
        }
        return List.copyOf(byKey.values());
    }
}

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
import io.agentmemory.engine.facts.FactAttributes;
import io.agentmemory.engine.store.Database;
import io.agentmemory.engine.store.FactStatements;
import io.agentmemory.engine.store.NewMemory;
import io.agentmemory.engine.store.SearchRanking;
import io.r2dbc.spi.Connection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Adding memories: the facts of the messages (extracted, or verbatim), each decided against the memories proposed
 * for it ({@link FactDecision}) and written as the user's one writer, in one transaction with the idempotent answer.
 * The transaction raises the user's revision (the database does it), which makes every cached result older than it
 * stale in every environment.
 */
public final class AddOperation {

    private final Database database;
    private final QueryEmbeddings embeddings;
    private final FactExtractor extractor;
    private final FactExtractor verbatim = new VerbatimFactExtractor();
    private final SearchRanking ranking;
    private final int decisionCandidates;

    /** @param decisionCandidates how many of the user's nearest memories similarity proposes for each extracted fact */
    public AddOperation(Database database, QueryEmbeddings embeddings, FactExtractor extractor, SearchRanking ranking,
                        int decisionCandidates) {
        this.database = database;
        this.embeddings = embeddings;
        this.extractor = extractor;
        this.ranking = ranking;
        this.decisionCandidates = decisionCandidates;
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
                                    .flatMap(result -> IdempotentAnswers.keep(c, request, digest, result))))));
        });
    }

    private Mono<AddResult> write(Connection c, AddRequest request, List<String> facts, List<String> keys, List<float[]> vectors) {
        if (facts.isEmpty()) {
            return Mono.just(new AddResult(List.of(), false));
        }
        List<String> attributeKeys = facts.stream().map(FactAttributes::attributeKeyOf).toList();
        // Facts stored as sent are only ever NOOPs of their exact text: similarity has nothing to propose for them.
        int nearest = request.infer() ? decisionCandidates : 0;
        return FactStatements.candidates(c, request.userId(), vectors, keys, attributeKeys, nearest, ranking)
                .flatMap(candidates -> {
                    List<FactDecision> decisions = FactDecision.decide(facts, keys, request.infer(), candidates);
                    String metadata = EngineJson.write(request.metadata() == null ? Map.of() : request.metadata());
                    List<String> categories = request.categories() == null ? List.of() : request.categories();
                    Instant said = request.observedAt() == null ? Instant.now() : request.observedAt();
                    Function<FactDecision, NewMemory> stated = d -> new NewMemory(d.memoryId(), request.userId(), d.text(),
                            d.key(), vectors.get(d.factIndex()), metadata, categories, request.sessionId(),
                            request.expiresAt(), attributeKeys.get(d.factIndex()), embeddings.model().name(),
                            request.observedAt(), MentionedDates.json(d.text(), said));
                    List<NewMemory> added = decisions.stream().filter(d -> d.event() == MemoryEvent.ADD).map(stated).toList();
                    // Every new fact in one statement; updates (rarer) one statement each.
                    Mono<Map<String, UUID>> adds = added.isEmpty() ? Mono.just(Map.of()) : FactStatements.insertAll(c, added);
                    Mono<Void> updates = Flux.fromIterable(decisions).filter(d -> d.event() == MemoryEvent.UPDATE)
                            .concatMap(d -> FactStatements.replace(c, request.userId(), d.memoryId(), stated.apply(d), d.previousText()))
                            .then();
                    return adds.flatMap(ids -> updates.thenReturn(new AddResult(decisions.stream()
                            .map(d -> d.event() == MemoryEvent.ADD ? d.storedAs(ids.getOrDefault(d.key(), d.memoryId())) : d)
                            .map(FactDecision::result).toList(), false)));
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

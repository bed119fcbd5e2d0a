package io.agentmemory.engine.add;

import io.agentmemory.engine.EngineJson;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.Memory;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.RequestValidator;
import io.agentmemory.engine.embedding.QueryEmbeddings;
import io.agentmemory.engine.extraction.ExtractionRequest;
import io.agentmemory.engine.extraction.FactExtractor;
import io.agentmemory.engine.extraction.RelativeDates;
import io.agentmemory.engine.extraction.TextNormalizer;
import io.agentmemory.engine.extraction.VerbatimFactExtractor;
import io.agentmemory.engine.facts.FactAttributes;
import io.agentmemory.engine.facts.FactDecisionRule;
import io.agentmemory.engine.facts.FactReadings;
import io.agentmemory.engine.store.Database;
import io.agentmemory.engine.store.FactStatements;
import io.agentmemory.engine.store.IdempotencyRecord;
import io.agentmemory.engine.store.MemoryStatements;
import io.agentmemory.engine.store.NewMemory;
import io.agentmemory.engine.store.SearchRanking;
import io.agentmemory.engine.store.StatementRunner;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Adding memories: the facts of the messages (extracted, or verbatim), each decided against the memories proposed
 * for it ({@link FactDecision}) and written in one transaction with the idempotent answer, only if the user's
 * memories are still those the decisions were taken on. The transaction raises the user's revision (the database
 * does it), which makes every cached result older than it stale in every environment.
 */
public final class AddOperation {

    private final Database database;
    private final QueryEmbeddings embeddings;
    private final FactExtractor extractor;
    private final FactExtractor verbatim = new VerbatimFactExtractor();
    /** The user's latest memories an extractor that reads them is shown. */
    private static final int KNOWN_MEMORIES = 30;
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
            return factsOf(request).flatMap(facts -> store(request, facts));
        });
    }

    /**
     * A fact to store: its text, and the words of the message it was read from (null when stored as sent, or when
     * the extractor cannot tell), which keyword search also matches.
     */
    private record StatedFact(String text, String source) {
    }

    /**
     * At most three statements, whatever the decisions: which facts the user already holds word for word, the
     * proposals (the answer kept under the key, or the candidates of each fact), then everything the decisions
     * write, with the answer to keep. The decision rule runs between the last two, in Java.
     */
    private Mono<AddResult> store(AddRequest request, List<StatedFact> stated) {
        return Mono.defer(() -> {
            List<String> facts = stated.stream().map(StatedFact::text).toList();
            List<String> sources = stated.stream().map(StatedFact::source).toList();
            List<String> keys = facts.stream().map(TextNormalizer::key).toList();
            // The attribute a fact states is read from its statement; its date suffix names no attribute. The
            // readings are kept, so the decision rule does not read the same fact again.
            List<String> attributeKeys = facts.stream().map(FactReadings::storedKeyOf).toList();
            // Facts stored as sent are only ever NOOPs of their exact text: similarity has nothing to propose for them.
            int nearest = request.infer() ? decisionCandidates : 0;
            String digest = IdempotentAnswers.digest(request);
            // Which facts the user's memories already say is asked first: those are not embedded. The model then
            // runs on the thread that has the answer (the caller's, where its own connection asked), as a query's
            // does after the cache's answer. Should one of those memories change before the decisions are read, the
            // add starts again with every fact embedded.
            return database.onCallerThreadOrPool(runner -> FactStatements.alreadyStated(runner, request.userId(), keys))
                    .flatMap(sameText -> request.idempotencyKey() == null && sameText.size() == facts.size()
                            ? Mono.just(allAlreadyStated(sameText))
                            : embeddings.embedForStorage(facts, sameText.keySet())
                                    .flatMap(vectors -> decideAndWrite(request, digest, facts, sources, keys, attributeKeys,
                                            nearest, vectors)))
                    .onErrorResume(StatedFactChanged.class, changed -> embeddings.embedForStorage(facts)
                            .flatMap(vectors -> decideAndWrite(request, digest, facts, sources, keys, attributeKeys, nearest, vectors))
                            // Off the database's I/O thread the error arrived on: a retry is no query's fast path.
                            .subscribeOn(Schedulers.boundedElastic()));
        });
    }

    /**
     * An add's two reads for {@code userId} (which facts are held, the proposals for one fact with a unit vector), on
     * the caller's thread where the settings give it a connection: before a snapshot, so that it holds their statements
     * and bindings warm. Writes nothing, runs no model.
     */
    public Mono<Void> warmUp(String userId) {
        String fact = "Prefers window seats";
        List<String> keys = List.of(TextNormalizer.key(fact));
        float[] unit = new float[embeddings.model().dimension()];
        unit[0] = 1f;
        return database.onCallerThreadOrPool(runner -> FactStatements.alreadyStated(runner, userId, keys))
                .then(database.onCallerThreadOrPool(runner -> FactStatements.proposals(runner, userId, List.of(unit),
                        List.of(true), FactAttributes.READING, keys, List.of(FactReadings.storedKeyOf(fact)),
                        decisionCandidates, ranking, null)))
                .then();
    }

    /**
     * Every fact is already a memory word for word: each is a NOOP of its memory, as the decisions would be, and
     * nothing is written, so the read was the whole add (no model, no lock, no write). With an idempotency key the
     * answer must be kept, and the add goes on to its decisions and their write.
     */
    private static AddResult allAlreadyStated(Map<Integer, FactStatements.SameText> sameText) {
        List<FactResult> results = new ArrayList<>(sameText.size());
        for (int i = 0; i < sameText.size(); i++) {
            FactStatements.SameText memory = sameText.get(i);
            results.add(new FactResult(memory.id(), memory.memory(), MemoryEvent.NOOP, null));
        }
        return new AddResult(results, false);
    }

    /**
     * The decisions read and written in two statements, each its own transaction: the write goes through only if
     * the user's memories are still what the decisions were taken on. If they have changed in between, the add
     * decides again as the user's one writer, in a transaction that holds the writer's lock from before its read,
     * which always goes through. The two statements and the decision rule between them run on the caller's thread
     * where its connection can serve them: nothing in between leaves the thread.
     */
    private Mono<AddResult> decideAndWrite(AddRequest request, String digest, List<String> facts, List<String> sources,
                                           List<String> keys, List<String> attributeKeys, int nearest, List<float[]> vectors) {
        Decisions decisions = new Decisions(request, digest, facts, sources, keys, attributeKeys, vectors);
        String userId = request.userId();
        String key = request.idempotencyKey();
        return database.onCallerThreadOrPool(runner -> decide(runner, decisions, nearest,
                        revision -> (added, replaced, answer) ->
                                FactStatements.writeIfUnchanged(runner, userId, revision, added, replaced, key, answer,
                                        FactAttributes.READING)))
                .switchIfEmpty(Mono.defer(() -> database.asWriterOf(userId, c -> decide(StatementRunner.over(c), decisions,
                        nearest, revision -> (added, replaced, answer) ->
                                FactStatements.write(c, userId, added, replaced, key, answer, FactAttributes.READING)))));
    }

    /**
     * The proposals read through {@code runner}, then the answer kept under the add's idempotency key, or else the
     * decisions written by the writer made for the revision the proposals were read at.
     */
    private Mono<AddResult> decide(StatementRunner runner, Decisions decisions, int nearest, LongFunction<DecisionWriter> writerAt) {
        AddRequest request = decisions.request;
        return FactStatements.proposals(runner, request.userId(), decisions.nearestOf, decisions.rankEveryone,
                        FactAttributes.READING, decisions.keys, decisions.attributeKeys,
                        nearest, ranking, request.idempotencyKey())
                .flatMap(proposals -> proposals.earlierAnswer() != null
                        ? Mono.just(IdempotentAnswers.replay(proposals.earlierAnswer(), decisions.digest))
                        : decisions.write(proposals.candidates(), writerAt.apply(proposals.revision())));
    }

    /** How the writes of decided facts reach the database; empty when it wrote nothing because the memories changed. */
    @FunctionalInterface
    private interface DecisionWriter {
        Mono<FactStatements.Written> write(List<NewMemory> added, List<FactStatements.Replacement> replaced,
                                           IdempotencyRecord answer);
    }

    /** A fact sent without a vector, as already stated, was not a NOOP when the decisions were read: its memory changed. */
    private static final class StatedFactChanged extends RuntimeException {
        StatedFactChanged() {
            super("a memory that already stated a fact of this add changed before the add's decisions were read", null, false, false);
        }
    }

    /** An add's facts with their vectors, decided against the memories proposed for them and written. */
    private final class Decisions {
        private final AddRequest request;
        private final String digest;
        private final List<String> facts;
        private final List<String> sources;
        private final List<String> keys;
        private final List<String> attributeKeys;
        private final List<float[]> vectors;
        /** The vectors the proposals rank the user's memories by: none for a fact whose decision they cannot change. */
        private final List<float[]> nearestOf;
        /** Per fact, whether the ranking covers all the user's memories or only those an older attribute table read. */
        private final List<Boolean> rankEveryone;

        Decisions(AddRequest request, String digest, List<String> facts, List<String> sources, List<String> keys,
                  List<String> attributeKeys, List<float[]> vectors) {
            this.request = request;
            this.digest = digest;
            this.facts = facts;
            this.sources = sources;
            this.keys = keys;
            this.attributeKeys = attributeKeys;
            this.vectors = vectors;
            this.nearestOf = new ArrayList<>(vectors.size());
            this.rankEveryone = new ArrayList<>(vectors.size());
            for (int i = 0; i < facts.size(); i++) {
                FactDecisionRule.NearestMemories needed = FactDecisionRule.nearestMemoriesNeeded(facts.get(i), request.infer());
                nearestOf.add(needed == FactDecisionRule.NearestMemories.NONE ? null : vectors.get(i));
                rankEveryone.add(needed == FactDecisionRule.NearestMemories.ALL);
            }
        }

        /** The add's answer, once written; empty when the writer wrote nothing (the memories changed meanwhile). */
        Mono<AddResult> write(List<List<FactStatements.Candidate>> candidates, DecisionWriter writer) {
            List<FactDecision> decisions = FactDecision.decide(facts, keys, request.infer(), candidates);
            if (decisions.stream().anyMatch(d -> d.event() != MemoryEvent.NOOP && vectors.get(d.factIndex()) == null)) {
                return Mono.error(new StatedFactChanged());
            }
            String metadata = EngineJson.write(request.metadata() == null ? Map.of() : request.metadata());
            List<String> categories = request.categories() == null ? List.of() : request.categories();
            Instant said = request.observedAt() == null ? Instant.now() : request.observedAt();
            Function<FactDecision, NewMemory> stated = d -> new NewMemory(d.memoryId(), request.userId(), d.text(),
                    d.key(), vectors.get(d.factIndex()), metadata, categories, request.sessionId(),
                    request.expiresAt(), attributeKeys.get(d.factIndex()), embeddings.model().name(),
                    request.observedAt(), RelativeDates.json(d.text(), said), sources.get(d.factIndex()));
            List<NewMemory> added = decisions.stream().filter(d -> d.event() == MemoryEvent.ADD).map(stated).toList();
            List<FactStatements.Replacement> replaced = decisions.stream().filter(d -> d.event() == MemoryEvent.UPDATE)
                    .map(d -> new FactStatements.Replacement(stated.apply(d), d.previousText())).toList();
            AddResult result = new AddResult(decisions.stream().map(FactDecision::result).toList(), false);
            IdempotencyRecord answer = IdempotentAnswers.toKeep(request, digest, result);
            if (added.isEmpty() && replaced.isEmpty() && answer == null) {
                // Nothing to write: the decisions hold for the memories as they were read, which is all an add
                // of facts the user already holds can promise.
                return Mono.just(result);
            }
            return writer.write(added, replaced, answer).map(written -> result);
        }
    }

    /**
     * The facts to store: the messages as sent ({@code infer=false}), or what the extractor finds, each with the
     * date a relative time in it resolves to ("Flies to Oslo next month (2025-06)"). An extractor that reads the
     * user's latest memories (Bedrock's) gets them first; its call blocks, so it runs off the database's threads.
     */
    private Mono<List<StatedFact>> factsOf(AddRequest request) {
        if (!request.infer()) {
            return Mono.just(distinctFacts(verbatim.extract(request.messages()).stream()
                    .map(text -> new StatedFact(text, null)).toList()));
        }
        if (!extractor.readsKnownMemories()) {
            return Mono.fromSupplier(() -> extracted(request, List.of()));
        }
        return database.forUsers(List.of(request.userId()), c -> MemoryStatements.page(c, request.userId(), null, null, KNOWN_MEMORIES))
                .map(memories -> memories.stream().map(Memory::memory).toList())
                .publishOn(Schedulers.boundedElastic())
                .map(known -> extracted(request, known));
    }

    private List<StatedFact> extracted(AddRequest request, List<String> knownMemories) {
        // Relative times ("last weekend") count from when the conversation happened, which an import sets.
        ExtractionRequest extraction = new ExtractionRequest(request.messages(), List.of(), request.observedAt(), knownMemories);
        return distinctFacts(extractor.extractFacts(extraction).stream()
                .map(fact -> new StatedFact(fact.memoryText(), fact.source())).toList());
    }

    private static List<StatedFact> distinctFacts(List<StatedFact> facts) {
        Map<String, StatedFact> byKey = new LinkedHashMap<>();
        for (StatedFact fact : facts) {
            byKey.putIfAbsent(TextNormalizer.key(fact.text()), fact);
        }
        return List.copyOf(byKey.values());
    }
}

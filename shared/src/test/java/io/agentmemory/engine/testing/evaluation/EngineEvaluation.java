package io.agentmemory.engine.testing.evaluation;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchMode;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.extraction.TextNormalizer;
import io.agentmemory.engine.testing.evaluation.ConversationSet.Conversation;
import io.agentmemory.engine.testing.evaluation.ConversationSet.Question;
import io.agentmemory.engine.testing.evaluation.ConversationSet.Session;
import io.agentmemory.engine.testing.evaluation.ConversationSet.Turn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The evaluation set through the engine: every turn of a conversation stored for a fresh user with
 * {@code infer=false} (one add per session, as an agent would send it), then every question asked through
 * {@link MemoryEngine#search}, the hits mapped back to the turns they store.
 */
public final class EngineEvaluation {

    public static final int LIMIT = 10;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The engine takes at most this many messages per add. */
    private static final int MESSAGES_PER_ADD = io.agentmemory.engine.api.Limits.MESSAGES_MAX;

    /** A conversation stored for one user: which turns each memory holds. */
    public record StoredConversation(Conversation conversation, String userId, Map<UUID, List<String>> turnsByMemory) {

        /** The turns the hits stand for, in hit order. */
        public List<String> turnsOf(List<SearchHit> hits) {
            List<String> turns = new ArrayList<>();
            hits.forEach(hit -> turns.addAll(turnsByMemory.getOrDefault(hit.id(), List.of())));
            return turns;
        }
    }

    private EngineEvaluation() {
    }

    /**
     * Settings for an engine that runs the set: the defaults, with database waits long enough for a loaded machine
     * (the set is about quality, not latency; the defaults give up after 2 s to keep a Lambda within its budget).
     */
    public static Map<String, String> patientSettings() {
        return Map.of("DB_ACQUIRE_TIMEOUT_MS", "30000", "DB_CONNECT_TIMEOUT_MS", "30000", "DB_STATEMENT_TIMEOUT_MS", "60000");
    }

    public static StoredConversation store(MemoryEngine engine, Conversation conversation, TurnText form) {
        String userId = "eval-" + conversation.id() + "-" + UUID.randomUUID();
        Map<UUID, List<String>> turnsByMemory = new HashMap<>();
        for (Session session : conversation.sessions()) {
            List<Turn> turns = session.turns();
            for (int from = 0; from < turns.size(); from += MESSAGES_PER_ADD) {
                List<Turn> chunk = turns.subList(from, Math.min(turns.size(), from + MESSAGES_PER_ADD));
                List<Message> messages = chunk.stream()
                        .map(t -> messageOf(conversation, t, form))
                        .toList();
                AddResult result = engine.add(AddRequest.of(userId, messages).withInfer(false)
                        .withSession(conversation.id() + "-s" + session.session())).block(WAIT);
                Map<String, UUID> idByKey = new LinkedHashMap<>();
                for (FactResult fact : result.results()) {
                    idByKey.put(TextNormalizer.key(fact.memory()), fact.id());
                }
                for (int i = 0; i < chunk.size(); i++) {
                    UUID id = idByKey.get(TextNormalizer.key(messages.get(i).content()));
                    if (id == null) {
                        throw new IllegalStateException("turn " + chunk.get(i).id() + " was not stored as sent");
                    }
                    turnsByMemory.computeIfAbsent(id, k -> new ArrayList<>()).add(chunk.get(i).id());
                }
            }
        }
        return new StoredConversation(conversation, userId, turnsByMemory);
    }

    /**
     * Stores the conversation with fact extraction ({@code infer=true}), one add per turn so that every memory it
     * writes, updates or finds already stated (a NOOP answers the existing memory's id) can be traced to the turn it
     * came from; a memory updated by a later turn stands for both. Each add carries its session's time, as an import
     * of a history would, so "last weekend" is dated from when it was said.
     */
    public static StoredConversation storeExtracting(MemoryEngine engine, Conversation conversation, TurnText form) {
        String userId = "eval-" + conversation.id() + "-" + UUID.randomUUID();
        Map<UUID, List<String>> turnsByMemory = new HashMap<>();
        for (Session session : conversation.sessions()) {
            for (Turn turn : session.turns()) {
                Message message = messageOf(conversation, turn, form);
                AddResult result = engine.add(AddRequest.of(userId, List.of(message)).withObservedAt(session.startedAt())
                        .withSession(conversation.id() + "-s" + session.session())).block(WAIT);
                for (FactResult fact : result.results()) {
                    List<String> turns = turnsByMemory.computeIfAbsent(fact.id(), k -> new ArrayList<>());
                    if (!turns.contains(turn.id())) {
                        turns.add(turn.id());
                    }
                }
            }
        }
        return new StoredConversation(conversation, userId, turnsByMemory);
    }

    /**
     * A turn as an agent sends it: the user's as {@code user}; the other speaker's as {@code assistant}, named when
     * it is a person rather than an AI assistant, so that what they say about themselves can be kept.
     */
    static Message messageOf(Conversation conversation, Turn turn, TurnText form) {
        if (turn.speaker().equals("user")) {
            return new Message("user", form.of(conversation, turn));
        }
        String other = conversation.speakerName(turn);
        return new Message("assistant", form.of(conversation, turn), other.equals("assistant") ? null : other);
    }

    /** Asks each question of the stored conversation in {@code mode}; records the turns found. */
    public static void ask(MemoryEngine engine, StoredConversation stored, SearchMode mode, RankingScores into) {
        for (Question question : stored.conversation().questions()) {
            List<SearchHit> hits = engine.search(SearchRequest.of(stored.userId(), question.question())
                    .withLimit(LIMIT).withMode(mode)).block(WAIT).results();
            into.add(question.kind(), stored.turnsOf(hits), question.answerTurns());
        }
    }

    /** Every conversation stored in {@code form} and asked in each mode: the scores per mode. */
    public static Map<SearchMode, RankingScores> evaluate(MemoryEngine engine, List<Conversation> conversations,
                                                          TurnText form, List<SearchMode> modes) {
        return evaluate(engine, conversations, form, modes, false);
    }

    /** As {@link #evaluate(MemoryEngine, List, TurnText, List)}, storing with fact extraction when {@code extract}. */
    public static Map<SearchMode, RankingScores> evaluate(MemoryEngine engine, List<Conversation> conversations,
                                                          TurnText form, List<SearchMode> modes, boolean extract) {
        Map<SearchMode, RankingScores> scores = new LinkedHashMap<>();
        modes.forEach(mode -> scores.put(mode, new RankingScores()));
        for (Conversation conversation : conversations) {
            StoredConversation stored = extract ? storeExtracting(engine, conversation, form) : store(engine, conversation, form);
            for (SearchMode mode : modes) {
                ask(engine, stored, mode, scores.get(mode));
            }
            engine.deleteAll(stored.userId()).block(WAIT);
        }
        return scores;
    }

    /** The BM25 reference over the same turns (as stored in {@code form}), per conversation. */
    public static RankingScores bm25(List<Conversation> conversations, TurnText form, Tokenizer tokenizer) {
        RankingScores scores = new RankingScores();
        for (Conversation conversation : conversations) {
            Map<String, String> texts = new LinkedHashMap<>();
            conversation.turns().forEach(turn -> texts.put(turn.id(), form.of(conversation, turn)));
            Bm25Reference index = new Bm25Reference(tokenizer, texts);
            for (Question question : conversation.questions()) {
                scores.add(question.kind(), index.rank(question.question(), LIMIT), question.answerTurns());
            }
        }
        return scores;
    }
}

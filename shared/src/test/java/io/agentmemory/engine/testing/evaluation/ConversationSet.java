package io.agentmemory.engine.testing.evaluation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The project's conversation evaluation set ({@code evaluation/conversations/conv-NN.json}): long multi-session
 * conversations between a user and an assistant or another person, and questions about them, each naming the
 * turns that hold its answer. The questions come in four kinds: {@code single} (one turn holds the answer),
 * {@code multi} (several turns), {@code temporal} (when something happened) and {@code inference} (follows from
 * what was said).
 */
public final class ConversationSet {

    public static final int CONVERSATIONS = 12;
    public static final List<String> KINDS = List.of("single", "multi", "temporal", "inference");
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Conversation(String id, String title, Map<String, String> speakers, List<Session> sessions,
                               List<Question> questions) {

        /** Every turn, in conversation order. */
        public List<Turn> turns() {
            List<Turn> turns = new ArrayList<>();
            sessions.forEach(session -> turns.addAll(session.turns()));
            return turns;
        }

        /**
         * The same conversation with only the questions that one of the user's own turns answers: what a memory of
         * the user can hold. A question answered only by what the other person said about themselves is left out.
         */
        public Conversation withQuestionsTheUserAnswers() {
            return withQuestions(true);
        }

        /** The same conversation with only the questions that none of the user's turns answers: the other's news. */
        public Conversation withQuestionsOnlyTheOtherAnswers() {
            return withQuestions(false);
        }

        private Conversation withQuestions(boolean theUserAnswers) {
            java.util.Set<String> usersTurns = new java.util.HashSet<>();
            turns().stream().filter(turn -> turn.speaker().equals("user")).forEach(turn -> usersTurns.add(turn.id()));
            return new Conversation(id, title, speakers, sessions, questions.stream()
                    .filter(question -> question.answerTurns().stream().anyMatch(usersTurns::contains) == theUserAnswers)
                    .toList());
        }

        /** The speaker's name as the conversation gives it: the user's, and the other person's or "assistant". */
        public String speakerName(Turn turn) {
            return speakers.getOrDefault(turn.speaker(), turn.speaker());
        }
    }

    public record Session(int session, Instant startedAt, List<Turn> turns) {
    }

    public record Turn(String id, String speaker, String text) {
    }

    public record Question(String id, String kind, String question, List<String> answerTurns, String answer) {
    }

    private ConversationSet() {
    }

    /** Conversations 1 to {@code count}. */
    public static List<Conversation> first(int count) {
        List<Conversation> conversations = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            conversations.add(load(n));
        }
        return conversations;
    }

    public static List<Conversation> all() {
        return first(CONVERSATIONS);
    }

    public static Conversation load(int number) {
        String resource = "/evaluation/conversations/conv-%02d.json".formatted(number);
        try (InputStream in = ConversationSet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return JSON.readValue(in, Conversation.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

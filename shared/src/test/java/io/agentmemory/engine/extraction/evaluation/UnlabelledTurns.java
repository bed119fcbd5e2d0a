package io.agentmemory.engine.extraction.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.extraction.ExtractedFact;
import io.agentmemory.engine.extraction.ExtractionRequest;
import io.agentmemory.engine.extraction.FactExtractor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The turns of the retrieval evaluation's conversations ({@code evaluation/conversations/conv-NN.json}), which
 * carry no expected facts: text the extraction rules were not written from, on which the garbled share can still
 * be measured, apart for the user's turns and for those of the other person where it is a person, sent with their
 * name. Each turn is extracted on its own, with its session's earlier turns as context.
 */
public final class UnlabelledTurns {

    public record Garbled(int turns, int kept, int garbled, List<String> examples) {

        public double share() {
            return kept == 0 ? 0 : (double) garbled / kept;
        }
    }

    private UnlabelledTurns() {
    }

    /** The user's turns. */
    public static Garbled garbledShare(FactExtractor extractor) {
        return garbledShare(extractor, message -> message.role().equals("user"));
    }

    /** The turns of the other person in the conversations between the user and someone who is not an AI assistant. */
    public static Garbled garbledShareOfNamedPeople(FactExtractor extractor) {
        return garbledShare(extractor, Message::isNamedPerson);
    }

    private static Garbled garbledShare(FactExtractor extractor, java.util.function.Predicate<Message> measured) {
        ObjectMapper json = new ObjectMapper();
        int turns = 0;
        int kept = 0;
        int garbled = 0;
        List<String> examples = new ArrayList<>();
        for (int n = 1; ; n++) {
            JsonNode conversation;
            try (InputStream in = UnlabelledTurns.class.getResourceAsStream(String.format("/evaluation/conversations/conv-%02d.json", n))) {
                if (in == null) {
                    break;
                }
                conversation = json.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String other = conversation.get("speakers").get("other").asText();
            String otherName = other.equals("assistant") ? null : other;
            for (JsonNode session : conversation.get("sessions")) {
                Instant at = Instant.parse(session.get("startedAt").asText());
                List<Message> earlier = new ArrayList<>();
                for (JsonNode turn : session.get("turns")) {
                    Message message = "user".equals(turn.get("speaker").asText())
                            ? new Message("user", turn.get("text").asText())
                            : new Message("assistant", turn.get("text").asText(), otherName);
                    if (measured.test(message)) {
                        turns++;
                        for (ExtractedFact fact : extractor.extractFacts(new ExtractionRequest(List.of(message), earlier, at, List.of()))) {
                            kept++;
                            if (!fact.text().equals(message.content().strip()) && GarbledFactCheck.isGarbled(fact.text())) {
                                garbled++;
                                examples.add(fact.text());
                            }
                        }
                    }
                    earlier.add(message);
                }
            }
        }
        return new Garbled(turns, kept, garbled, List.copyOf(examples));
    }
}

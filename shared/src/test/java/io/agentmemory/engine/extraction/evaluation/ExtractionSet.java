package io.agentmemory.engine.extraction.evaluation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.extraction.ExtractionRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The extraction evaluation set ({@code evaluation/extraction-set.json} on the test classpath): user turns, the
 * conversation before each (context only), when it was said, and the facts a careful person would keep, each
 * with the words a kept fact must mention.
 */
public record ExtractionSet(String description, List<Case> cases) {

    public static final String RESOURCE = "/evaluation/extraction-set.json";

    public record Turn(String role, String content) {
    }

    /** One expected fact: every {@code mustMention} entry must match; its alternatives are separated by '|'. */
    public record ExpectedFact(String text, List<String> mustMention, String date) {
    }

    public record Case(String id, String kind, Instant observedAt, List<Turn> previous, String turn,
                       List<ExpectedFact> facts, Boolean verbatim) {

        public List<Turn> previousTurns() {
            return previous == null ? List.of() : previous;
        }

        public boolean keptVerbatim() {
            return Boolean.TRUE.equals(verbatim);
        }

        /** The request an add would make for this turn: the turn is new, what came before is context. */
        public ExtractionRequest request() {
            List<Message> earlier = previousTurns().stream().map(t -> new Message(t.role(), t.content())).toList();
            return new ExtractionRequest(List.of(new Message("user", turn)), earlier, observedAt, List.of());
        }
    }

    public static ExtractionSet load() {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        try (InputStream in = ExtractionSet.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return json.readValue(in, ExtractionSet.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

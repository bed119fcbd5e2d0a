package io.agentmemory.engine.extraction;

import io.agentmemory.engine.api.Message;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerbatimFactExtractorTest {

    @Test
    void everyNonBlankMessageIsKeptExactlyAsSent() {
        List<String> facts = new VerbatimFactExtractor().extract(List.of(
                new Message("user", "Flight LH1234 lands at 10:05; ask for gate info?"),
                new Message("assistant", "  "),
                new Message("assistant", "Noted: the user's hotel is Hotel Artemide.")));
        assertThat(facts).containsExactly("Flight LH1234 lands at 10:05; ask for gate info?",
                "Noted: the user's hotel is Hotel Artemide.");
    }
}

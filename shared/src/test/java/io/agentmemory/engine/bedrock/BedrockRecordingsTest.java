package io.agentmemory.engine.bedrock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.engine.extraction.evaluation.ExtractionSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A recording replays case by case through the real SDK and extractor; its costs and fallbacks are summed. */
class BedrockRecordingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRecordingIsReplayedInTheSetsOrderAndScored(@TempDir Path dir) throws Exception {
        ExtractionSet all = ExtractionSet.load();
        ExtractionSet three = new ExtractionSet(all.description(), all.cases().subList(0, 3));
        Path recording = dir.resolve("recording.jsonl");
        Files.write(recording, List.of(
                line("x001", "converse-no-facts.json"),
                line("x002", "converse-json-in-a-string.json"),
                line("x003", "converse-facts.json")), StandardCharsets.UTF_8);

        BedrockRecordings.Replay replay = BedrockRecordings.replay(three, recording);

        assertThat(replay.calls()).isEqualTo(3);
        assertThat(replay.inputTokens()).isEqualTo(1121 + 1140 + 1187);
        assertThat(replay.fallbacks()).isEqualTo(1);
        assertThat(replay.latenciesMs()).containsExactly(687L, 902L, 1143L);
        // x001's facts were recorded as none; x002 fell back to the local extractor, which finds "Is vegetarian".
        assertThat(replay.score().expected()).isEqualTo(4);
        assertThat(replay.score().found()).isEqualTo(1);
    }

    @Test
    void aRecordingOutOfStepWithTheSetIsRefused(@TempDir Path dir) throws Exception {
        ExtractionSet all = ExtractionSet.load();
        ExtractionSet two = new ExtractionSet(all.description(), all.cases().subList(0, 2));
        Path recording = dir.resolve("recording.jsonl");
        Files.write(recording, List.of(line("x002", "converse-no-facts.json"), line("x001", "converse-no-facts.json")));

        assertThatThrownBy(() -> BedrockRecordings.replay(two, recording)).hasMessageContaining("line 1 answers x002");
    }

    private static String line(String id, String resource) throws Exception {
        String body = LocalBedrock.Reply.recorded(resource).body();
        return JSON.createObjectNode().put("id", id).put("model", "anthropic.claude-3-haiku-20240307-v1:0")
                .set("response", JSON.readTree(body)).toString();
    }
}

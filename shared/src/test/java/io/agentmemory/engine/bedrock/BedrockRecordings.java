package io.agentmemory.engine.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;
import io.agentmemory.engine.extraction.evaluation.ExtractionEvaluation;
import io.agentmemory.engine.extraction.evaluation.ExtractionSet;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bedrock's answers to the extraction set, recorded once against a real account and replayed by the benchmark
 * through {@link LocalBedrock}, so "local vs Bedrock" is measured without an account on every run. A recording
 * is JSON Lines, one line per case in the set's order: {@code {"id": "x001", "model": "...", "response": <the
 * Converse response body as Bedrock sent it>}}.
 */
public final class BedrockRecordings {

    /** The replayed extractor's scores and what its calls cost. */
    public record Replay(String model, ExtractionEvaluation.Score score, long calls, long inputTokens, long outputTokens,
                         long fallbacks, List<Long> latenciesMs) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private BedrockRecordings() {
    }

    /** Runs every case against the real Bedrock (credentials from the default chain) and writes the recording. */
    public static void record(ExtractionSet set, String region, String modelId, Path out) throws IOException {
        AtomicReference<String> lastBody = new AtomicReference<>();
        BedrockSettings settings = new BedrockSettings(region, null, modelId, null, 1024, Duration.ofSeconds(30), 3);
        try (BedrockRuntimeClient client = BedrockClients.create(settings, DefaultCredentialsProvider.builder().build(),
                new ExecutionInterceptor() {
                    @Override
                    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
                        try {
                            byte[] body = context.responseBody().orElse(InputStream.nullInputStream()).readAllBytes();
                            lastBody.set(new String(body, StandardCharsets.UTF_8));
                            return Optional.of(new ByteArrayInputStream(body));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                })) {
            BedrockFactExtractor extractor = new BedrockFactExtractor(client, modelId, new RuleBasedFactExtractor(), new BedrockUsage());
            List<String> lines = new ArrayList<>();
            for (ExtractionSet.Case c : set.cases()) {
                lastBody.set(null);
                extractor.extractFacts(c.request());
                ObjectNode line = JSON.createObjectNode().put("id", c.id()).put("model", modelId);
                line.set("response", lastBody.get() == null ? null : JSON.readTree(lastBody.get()));
                lines.add(line.toString());
            }
            Files.write(out, lines, StandardCharsets.UTF_8);
        }
    }

    /** Replays a recording through the real SDK and extractor against a local server, and scores it. */
    public static Replay replay(ExtractionSet set, Path recording) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(recording, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        if (lines.size() != set.cases().size()) {
            throw new IllegalArgumentException(recording + " has " + lines.size() + " answers for " + set.cases().size() + " cases");
        }
        String model = lines.get(0).path("model").asText("unknown");
        List<Long> latencies = new ArrayList<>();
        try (LocalBedrock bedrock = new LocalBedrock()) {
            for (int i = 0; i < lines.size(); i++) {
                JsonNode line = lines.get(i);
                if (!line.path("id").asText().equals(set.cases().get(i).id())) {
                    throw new IllegalArgumentException(recording + " line " + (i + 1) + " answers " + line.path("id").asText()
                            + ", the set's case there is " + set.cases().get(i).id());
                }
                JsonNode response = line.get("response");
                bedrock.converse(response == null || response.isNull() ? LocalBedrock.Reply.invalid()
                        : new LocalBedrock.Reply(200, null, response.toString(), 0));
                latencies.add(response == null ? 0 : response.path("metrics").path("latencyMs").asLong(0));
            }
            BedrockSettings settings = new BedrockSettings("us-east-1", bedrock.endpoint(), model, null, 1024, Duration.ofSeconds(10), 1);
            BedrockUsage usage = new BedrockUsage();
            try (BedrockRuntimeClient client = BedrockClients.create(settings,
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDREPLAY", "replay")))) {
                ExtractionEvaluation.Score score = ExtractionEvaluation.run(
                        new BedrockFactExtractor(client, model, new RuleBasedFactExtractor(), usage), set);
                return new Replay(model, score, usage.calls(), usage.inputTokens(), usage.outputTokens(), usage.fallbacks(), latencies);
            }
        }
    }
}

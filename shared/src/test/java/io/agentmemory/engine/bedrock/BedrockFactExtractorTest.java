package io.agentmemory.engine.bedrock;

import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.bedrock.LocalBedrock.Reply;
import io.agentmemory.engine.extraction.ExtractedFact;
import io.agentmemory.engine.extraction.ExtractionRequest;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The Bedrock extractor through the real AWS SDK (signing, serialization, the standard retry policy, the time
 * budget) against {@link LocalBedrock}, a local Bedrock-compatible server: the model's answers are recordings,
 * the rest is real.
 */
class BedrockFactExtractorTest {

    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final Instant OBSERVED_AT = Instant.parse("2025-05-02T10:00:00Z");
    private static final String SAID = "I recently moved to Lyon and my sister lives in Berlin. Next month we fly to Oslo.";

    private final LocalBedrock bedrock = new LocalBedrock();
    private final BedrockUsage usage = new BedrockUsage();
    private BedrockRuntimeClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        bedrock.close();
    }

    private BedrockFactExtractor extractor(Duration budget) {
        BedrockSettings settings = new BedrockSettings("eu-west-1", bedrock.endpoint(), MODEL, null, 1024, budget, 3);
        client = BedrockClients.create(settings, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCALTEST", "local-secret")));
        return new BedrockFactExtractor(client, MODEL, new RuleBasedFactExtractor(), usage);
    }

    private static ExtractionRequest request() {
        return new ExtractionRequest(List.of(new Message("user", SAID)),
                List.of(new Message("assistant", "Welcome back! Anything new?")), OBSERVED_AT,
                List.of("Lives in Paris", "Prefers window seats"));
    }

    private final List<ExtractedFact> local = new RuleBasedFactExtractor().extractFacts(request());

    @Test
    void theFactsToolCallIsReadWithItsDatesAndAttributes() {
        bedrock.converse(Reply.recorded("converse-facts.json"));

        List<ExtractedFact> facts = extractor(Duration.ofSeconds(5)).extractFacts(request());

        assertThat(facts).extracting(ExtractedFact::text, ExtractedFact::date, ExtractedFact::attribute).containsExactly(
                tuple("Recently moved to Lyon", null, "home city"),
                tuple("Sister lives in Berlin", null, "sister's home city"),
                tuple("Is flying to Oslo next month", "2025-06", null));
        assertThat(usage.calls()).isEqualTo(1);
        assertThat(usage.inputTokens()).isEqualTo(1187);
        assertThat(usage.outputTokens()).isEqualTo(96);
        assertThat(usage.fallbacks()).isZero();
    }

    @Test
    void theRequestIsSignedAndCarriesTheToolSchemaTheTimeAndTheMemoriesItMayContradict() {
        bedrock.converse(Reply.recorded("converse-facts.json"));

        extractor(Duration.ofSeconds(5)).extractFacts(request());

        LocalBedrock.Received call = bedrock.received("converse").get(0);
        assertThat(call.modelId()).isEqualTo(MODEL);
        assertThat(call.signedWithSigV4()).isTrue();
        assertThat(call.header("Authorization")).contains("/eu-west-1/bedrock/aws4_request");
        assertThat(call.body().at("/toolConfig/toolChoice/tool/name").asText()).isEqualTo(FactsTool.NAME);
        assertThat(call.body().at("/toolConfig/tools/0/toolSpec/inputSchema/json/required/0").asText()).isEqualTo("facts");
        assertThat(call.body().at("/inferenceConfig/temperature").asDouble()).isZero();
        assertThat(call.body().at("/system/0/text").asText()).contains("third-person");
        String prompt = call.body().at("/messages/0/content/0/text").asText();
        assertThat(prompt).contains("2025-05-02T10:00:00Z", "- Lives in Paris", "assistant: Welcome back!", "user: " + SAID);
    }

    @Test
    void jsonInAStringFallsBackToTheLocalExtractorAndIsCountedAndLoggedWithoutTheText() {
        bedrock.converse(Reply.recorded("converse-json-in-a-string.json"));

        String log = stderrOf(() -> assertThat(extractor(Duration.ofSeconds(5)).extractFacts(request())).isEqualTo(local));

        assertThat(usage.fallbacks(BedrockUsage.Fallback.MALFORMED_OUTPUT)).isEqualTo(1);
        assertThat(log).contains("fact_extraction_fallback", "malformed_output").doesNotContain("Lyon", "Berlin", "window");
    }

    @Test
    void proseInsteadOfTheToolCallFallsBack() {
        bedrock.converse(Reply.recorded("converse-prose-instead-of-tool.json"));

        assertThat(extractor(Duration.ofSeconds(5)).extractFacts(request())).isEqualTo(local);
        assertThat(usage.fallbacks(BedrockUsage.Fallback.MALFORMED_OUTPUT)).isEqualTo(1);
    }

    @Test
    void aFieldOutsideTheSchemaFallsBack() {
        bedrock.converse(Reply.recorded("converse-unknown-field.json"));

        assertThat(extractor(Duration.ofSeconds(5)).extractFacts(request())).isEqualTo(local);
        assertThat(usage.fallbacks(BedrockUsage.Fallback.MALFORMED_OUTPUT)).isEqualTo(1);
    }

    @Test
    void anAnswerCutOffAtTheTokenLimitIsNotHalfStored() {
        bedrock.converse(Reply.recorded("converse-cut-off.json"));

        assertThat(extractor(Duration.ofSeconds(5)).extractFacts(request())).isEqualTo(local);
        assertThat(usage.fallbacks(BedrockUsage.Fallback.PARTIAL_OUTPUT)).isEqualTo(1);
    }

    @Test
    void anEmptyListIsAnAnswerNotAFailure() {
        bedrock.converse(Reply.recorded("converse-no-facts.json"));

        assertThat(extractor(Duration.ofSeconds(5)).extractFacts(request())).isEmpty();
        assertThat(usage.fallbacks()).isZero();
    }

    @Test
    void throttlingAndServerErrorsAreRetriedByTheSdk() {
        bedrock.converse(Reply.throttled(), Reply.unavailable(), Reply.recorded("converse-facts.json"));

        List<ExtractedFact> facts = extractor(Duration.ofSeconds(20)).extractFacts(request());

        assertThat(facts).extracting(ExtractedFact::text).contains("Sister lives in Berlin");
        assertThat(bedrock.received("converse")).hasSize(3);
        assertThat(usage.fallbacks()).isZero();
    }

    @Test
    void throttlingThatOutlastsTheRetriesFallsBack() {
        bedrock.converse(Reply.throttled(), Reply.throttled(), Reply.throttled());

        assertThat(extractor(Duration.ofSeconds(20)).extractFacts(request())).isEqualTo(local);
        assertThat(bedrock.received("converse")).hasSize(3);
        assertThat(usage.fallbacks(BedrockUsage.Fallback.THROTTLED)).isEqualTo(1);
    }

    @Test
    void serverErrorsThatOutlastTheRetriesFallBack() {
        bedrock.converse(Reply.internalError(), Reply.internalError(), Reply.internalError());

        assertThat(extractor(Duration.ofSeconds(20)).extractFacts(request())).isEqualTo(local);
        assertThat(bedrock.received("converse")).hasSize(3);
        assertThat(usage.fallbacks(BedrockUsage.Fallback.SERVICE_ERROR)).isEqualTo(1);
    }

    @Test
    void aRejectedRequestIsNotRetried() {
        bedrock.converse(Reply.invalid());

        assertThat(extractor(Duration.ofSeconds(5)).extractFacts(request())).isEqualTo(local);
        assertThat(bedrock.received("converse")).hasSize(1);
        assertThat(usage.fallbacks(BedrockUsage.Fallback.SERVICE_ERROR)).isEqualTo(1);
    }

    @Test
    void aModelSlowerThanTheTimeBudgetFallsBack() {
        Reply slow = Reply.recorded("converse-facts.json").after(3_000);
        bedrock.converse(slow, slow, slow);

        assertThat(extractor(Duration.ofMillis(400)).extractFacts(request())).isEqualTo(local);
        assertThat(usage.fallbacks(BedrockUsage.Fallback.TIMEOUT)).isEqualTo(1);
    }

    @Test
    void aNamedPersonsTurnIsShownUnderTheirNameAndAsksTheModel() {
        bedrock.converse(Reply.recorded("converse-facts.json"));
        ExtractionRequest fromLeo = new ExtractionRequest(List.of(new Message("assistant", "I start at the bakery on Monday!", "Leo")),
                List.of(new Message("user", "How is the job hunt going?"), new Message("assistant", "Anything else?")), OBSERVED_AT, List.of());

        extractor(Duration.ofSeconds(5)).extractFacts(fromLeo);

        LocalBedrock.Received call = bedrock.received("converse").get(0);
        assertThat(call.body().at("/system/0/text").asText()).contains("(another person)", "under their name");
        assertThat(call.body().at("/messages/0/content/0/text").asText()).contains(
                "user: How is the job hunt going?", "assistant: Anything else?", "Leo (another person): I start at the bakery on Monday!");
    }

    @Test
    void aTurnWithNothingFromTheUserCostsNoCall() {
        assertThat(extractor(Duration.ofSeconds(5)).extractFacts(ExtractionRequest.of(List.of(new Message("assistant", "Hello!"))))).isEmpty();
        assertThat(bedrock.received()).isEmpty();
    }

    private static String stderrOf(Runnable work) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

}

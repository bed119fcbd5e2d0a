package io.agentmemory.engine.bedrock;

import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.extraction.ExtractedFact;
import io.agentmemory.engine.extraction.ExtractionRequest;
import io.agentmemory.engine.extraction.FactExtractor;
import io.agentmemory.engine.extraction.TextNormalizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The production extractor ({@code FACT_EXTRACTOR=bedrock}): one Converse call per add, the model forced to
 * answer through the {@link FactsTool facts tool}, with the memories the new facts may contradict shown as
 * context. Whatever cannot be used (malformed or cut-off output, throttling or 5xx after the SDK's retries, the
 * time budget running out) falls back to the local extractor for that request, is counted in
 * {@link BedrockUsage}, and is logged by reason only: no memory text ever reaches the logs.
 */
public final class BedrockFactExtractor implements FactExtractor {

    private static final Logger LOG = LoggerFactory.getLogger(BedrockFactExtractor.class);
    /** Twenty facts of 300 characters fit well within this; a cut-off answer is a fallback, never half-stored. */
    static final int MAX_OUTPUT_TOKENS = 2_000;

    private final BedrockRuntimeClient client;
    private final String modelId;
    private final FactExtractor fallback;
    private final BedrockUsage usage;

    public BedrockFactExtractor(BedrockRuntimeClient client, String modelId, FactExtractor fallback, BedrockUsage usage) {
        this.client = client;
        this.modelId = modelId;
        this.fallback = fallback;
        this.usage = usage;
    }

    @Override
    public List<String> extract(List<Message> messages) {
        return extractFacts(ExtractionRequest.of(messages)).stream().map(ExtractedFact::text).toList();
    }

    @Override
    public boolean readsKnownMemories() {
        return true;
    }

    @Override
    public List<ExtractedFact> extractFacts(ExtractionRequest request) {
        // Only the user's turns and named people's hold facts: a turn with neither costs no call.
        if (request.messages().stream().noneMatch(m -> ("user".equals(m.role()) || m.isNamedPerson())
                && m.content() != null && !m.content().isBlank())) {
            return List.of();
        }
        ConverseResponse response;
        try {
            response = client.converse(converseRequest(request));
        } catch (ThrottlingException e) {
            return fallBack(request, BedrockUsage.Fallback.THROTTLED, e.statusCode());
        } catch (ModelTimeoutException | ApiCallTimeoutException e) {
            return fallBack(request, BedrockUsage.Fallback.TIMEOUT, 0);
        } catch (BedrockRuntimeException e) {
            return fallBack(request, BedrockUsage.Fallback.SERVICE_ERROR, e.statusCode());
        } catch (SdkClientException e) {
            // The socket timing out or the connection failing; the message can name the endpoint, never the text.
            return fallBack(request, isTimeout(e) ? BedrockUsage.Fallback.TIMEOUT : BedrockUsage.Fallback.SERVICE_ERROR, 0);
        } catch (SdkException e) {
            return fallBack(request, BedrockUsage.Fallback.SERVICE_ERROR, 0);
        }
        if (response.usage() != null) {
            usage.recordCall(orZero(response.usage().inputTokens()), orZero(response.usage().outputTokens()));
        }
        if (response.stopReason() == StopReason.MAX_TOKENS) {
            return fallBack(request, BedrockUsage.Fallback.PARTIAL_OUTPUT, 200);
        }
        Optional<List<ExtractedFact>> facts = toolInput(response).flatMap(FactsTool::read);
        if (facts.isEmpty()) {
            return fallBack(request, BedrockUsage.Fallback.MALFORMED_OUTPUT, 200);
        }
        return distinct(facts.get());
    }

    private ConverseRequest converseRequest(ExtractionRequest request) {
        return ConverseRequest.builder()
                .modelId(modelId)
                .system(SystemContentBlock.fromText(ExtractionPrompt.SYSTEM))
                .messages(software.amazon.awssdk.services.bedrockruntime.model.Message.builder()
                        .role(ConversationRole.USER)
                        .content(ContentBlock.fromText(ExtractionPrompt.user(request)))
                        .build())
                .inferenceConfig(InferenceConfiguration.builder().maxTokens(MAX_OUTPUT_TOKENS).temperature(0f).build())
                .toolConfig(ToolConfiguration.builder()
                        .tools(FactsTool.tool())
                        .toolChoice(ToolChoice.builder().tool(t -> t.name(FactsTool.NAME)).build())
                        .build())
                .build();
    }

    private static Optional<software.amazon.awssdk.core.document.Document> toolInput(ConverseResponse response) {
        if (response.output() == null || response.output().message() == null) {
            return Optional.empty();
        }
        List<ToolUseBlock> calls = response.output().message().content().stream()
                .map(ContentBlock::toolUse)
                .filter(call -> call != null && FactsTool.NAME.equals(call.name()))
                .toList();
        // Exactly one call: two would be two answers, and choosing one would be a guess.
        return calls.size() == 1 ? Optional.ofNullable(calls.get(0).input()) : Optional.empty();
    }

    private List<ExtractedFact> fallBack(ExtractionRequest request, BedrockUsage.Fallback reason, int status) {
        usage.recordFallback(reason);
        LOG.warn("{\"event\":\"fact_extraction_fallback\",\"reason\":\"{}\",\"status\":{},\"model\":\"{}\"}",
                reason.name().toLowerCase(java.util.Locale.ROOT), status, modelId);
        return fallback.extractFacts(request);
    }

    private static List<ExtractedFact> distinct(List<ExtractedFact> facts) {
        Map<String, ExtractedFact> byKey = new LinkedHashMap<>();
        facts.forEach(fact -> byKey.putIfAbsent(TextNormalizer.key(fact.text()), fact));
        return List.copyOf(byKey.values());
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.SocketTimeoutException || cause instanceof ApiCallTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static long orZero(Integer value) {
        return value == null ? 0 : value;
    }
}

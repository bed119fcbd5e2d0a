package io.agentmemory.engine.bedrock;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the Bedrock calls of this process cost and how often they could not be used: tokens in and out, calls,
 * and the fallbacks to the local extractor by reason. Read by the functions' metrics; nothing here holds any
 * text of a memory.
 */
public final class BedrockUsage {

    /** Why an extraction fell back to the local extractor. */
    public enum Fallback {
        /** The model answered, but not with the facts tool in the schema: bad JSON, wrong types, extra fields. */
        MALFORMED_OUTPUT,
        /** The answer was cut off (the output token limit) and may be missing facts. */
        PARTIAL_OUTPUT,
        /** Throttled until the retries ran out. */
        THROTTLED,
        /** Bedrock failed (5xx) until the retries ran out, or refused the request. */
        SERVICE_ERROR,
        /** The time budget ran out. */
        TIMEOUT
    }

    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong inputTokens = new AtomicLong();
    private final AtomicLong outputTokens = new AtomicLong();
    private final Map<Fallback, AtomicLong> fallbacks = new ConcurrentHashMap<>();

    void recordCall(long input, long output) {
        calls.incrementAndGet();
        inputTokens.addAndGet(input);
        outputTokens.addAndGet(output);
    }

    void recordFallback(Fallback reason) {
        fallbacks.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    public long calls() {
        return calls.get();
    }

    public long inputTokens() {
        return inputTokens.get();
    }

    public long outputTokens() {
        return outputTokens.get();
    }

    public long fallbacks(Fallback reason) {
        AtomicLong count = fallbacks.get(reason);
        return count == null ? 0 : count.get();
    }

    public long fallbacks() {
        return fallbacks.values().stream().mapToLong(AtomicLong::get).sum();
    }
}

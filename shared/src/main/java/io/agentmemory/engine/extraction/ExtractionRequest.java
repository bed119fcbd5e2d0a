package io.agentmemory.engine.extraction;

import io.agentmemory.engine.api.Message;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an extractor reads: the new turns (the user's carry the facts), the turns before them that are context
 * only ({@code earlierTurns}: an assistant's question gives a short answer its subject, and they were
 * extracted when they were new), when the conversation happened ({@code observedAt}, which relative times such
 * as "next month" count from; null means now), and the user's memories that the new facts may repeat or
 * contradict (an LLM extractor shows them to the model; the local extractor does not need them).
 */
public record ExtractionRequest(List<Message> messages, List<Message> earlierTurns, Instant observedAt, List<String> knownMemories) {

    public ExtractionRequest {
        messages = nonNull(messages);
        earlierTurns = earlierTurns == null ? List.of() : nonNull(earlierTurns);
        knownMemories = knownMemories == null ? List.of() : List.copyOf(knownMemories);
    }

    public static ExtractionRequest of(List<Message> messages) {
        return new ExtractionRequest(messages, List.of(), null, List.of());
    }

    public static ExtractionRequest of(List<Message> messages, Instant observedAt) {
        return new ExtractionRequest(messages, List.of(), observedAt, List.of());
    }

    /** The time relative expressions count from: the conversation's time when it was given, else now. */
    public Instant observedAtOrNow() {
        return observedAt == null ? Instant.now() : observedAt;
    }

    private static List<Message> nonNull(List<Message> messages) {
        return Objects.requireNonNull(messages, "messages").stream().filter(Objects::nonNull).toList();
    }
}

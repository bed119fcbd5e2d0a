package io.agentmemory.engine.extraction;

import io.agentmemory.engine.api.Message;

import java.util.List;

/**
 * Finds the durable facts about the user in a conversation. The local rule-based extractor is the default;
 * the Bedrock extractor ({@code FACT_EXTRACTOR=bedrock}) is the production option. Implementations return
 * facts in conversation order, without duplicates, each a short self-contained statement.
 */
public interface FactExtractor {

    List<String> extract(List<Message> messages);

    /**
     * The facts with what the plain form cannot carry: the date a relative time resolves to against the
     * request's {@code observedAt}, and the attribute a fact states. Extractors that know neither keep the
     * default, which dates nothing.
     */
    default List<ExtractedFact> extractFacts(ExtractionRequest request) {
        return extract(request.messages()).stream().map(ExtractedFact::undated).toList();
    }

    /**
     * Whether {@link ExtractionRequest#knownMemories()} is worth a database read before extracting: an LLM
     * extractor shows them to the model, so that a new fact that contradicts one is stated as such.
     */
    default boolean readsKnownMemories() {
        return false;
    }
}

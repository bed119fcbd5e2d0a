package io.agentmemory.engine.extraction;

import io.agentmemory.engine.api.Message;

import java.util.List;

/**
 * Finds the durable facts about the user in a conversation. The local rule-based extractor is the default;
 * an LLM extractor is the production option. Implementations return facts in conversation order, without
 * duplicates, each a short self-contained statement.
 */
public interface FactExtractor {

    List<String> extract(List<Message> messages);
}

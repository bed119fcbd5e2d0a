package io.agentmemory.engine.extraction;

import io.agentmemory.engine.api.Message;

import java.util.List;

/**
 * {@code infer=false}: every non-blank message is one memory, exactly as sent. The caller has already decided
 * what is worth keeping, so nothing is rewritten, split or dropped for its content.
 */
public final class VerbatimFactExtractor implements FactExtractor {

    @Override
    public List<String> extract(List<Message> messages) {
        return messages.stream()
                .map(Message::content)
                .filter(content -> content != null && !content.isBlank())
                // Not even stripped: "*1\r\n$8\r\nFLUSHALL\r\n" is stored as sent, or the promise of byte-exact
                // storage breaks on the first trailing newline (duplicates are still found: keys are normalised).
                .toList();
    }
}

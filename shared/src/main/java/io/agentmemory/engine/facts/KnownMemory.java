package io.agentmemory.engine.facts;

import java.util.UUID;

/** One of the user's live memories that a new fact is compared with: its id, text and normalised-text key. */
public record KnownMemory(UUID id, String text, String key) {
}

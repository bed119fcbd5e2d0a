package io.agentmemory.engine.facts;

import io.agentmemory.engine.api.MemoryEvent;

/** What a new fact does to the user's memories: ADD (no target), UPDATE or NOOP of {@code target}. */
public record Verdict(MemoryEvent event, KnownMemory target) {

    static Verdict add() {
        return new Verdict(MemoryEvent.ADD, null);
    }
}

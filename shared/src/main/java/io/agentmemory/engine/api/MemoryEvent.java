package io.agentmemory.engine.api;

/** What a write did to one memory, as Mem0 reports it. */
public enum MemoryEvent {
    ADD, UPDATE, NOOP, DELETE
}

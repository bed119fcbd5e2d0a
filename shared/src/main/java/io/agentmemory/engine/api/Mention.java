package io.agentmemory.engine.api;

/** Something the user's memories name, and how many memories name it. */
public record Mention(String name, int count) {
}

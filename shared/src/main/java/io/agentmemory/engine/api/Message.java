package io.agentmemory.engine.api;

/** One turn of a conversation as the agent sends it. Role is {@code user}, {@code assistant} or {@code system}. */
public record Message(String role, String content) {
}

package io.agentmemory.engine.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One turn of a conversation as the agent sends it. Role is {@code user}, {@code assistant} or {@code system}.
 *
 * <p>{@code name} (optional, as in the OpenAI chat format) says who spoke when a conversation has more people in it
 * than the user and an AI assistant. A {@code user} message is always the memory owner's, named or not. An
 * {@code assistant} message with a name is another person the user talks with (a friend, a colleague), not the AI:
 * what they say about themselves is remembered as part of the user's world, under their name ("Leo starts at the
 * bakery on Monday"). An {@code assistant} message without a name is the AI, whose words are context only, and a
 * name on a {@code system} message changes nothing.
 */
public record Message(String role, String content,
                      // Left out of the canonical form when absent, so a retry of an add that names no one still
                      // matches the digest its idempotency key was stored with.
                      @JsonInclude(JsonInclude.Include.NON_NULL) String name) {

    public Message(String role, String content) {
        this(role, content, null);
    }

    /** Said by another named person in the conversation rather than by the user or the AI assistant. */
    @JsonIgnore
    public boolean isNamedPerson() {
        return "assistant".equals(role) && name != null && !name.isBlank();
    }
}

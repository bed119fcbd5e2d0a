package io.agentmemory.engine.extraction;

import io.agentmemory.engine.api.Message;

import java.util.Optional;

/**
 * Whose words a fact comes from, and so how the fact names its subject. The user is the memory's owner and stays
 * unnamed ("Moved to Lyon", "Sister lives in Berlin"); another person in the conversation is named, since the
 * fact is about them and not the user ("Leo moved to Lyon", "Leo's sister lives in Berlin").
 */
record Speaker(String name) {

    static final Speaker USER = new Speaker(null);

    /** The speaker of a message whose statements are facts: the user, or a named person; empty for anyone else. */
    static Optional<Speaker> of(Message message) {
        if ("user".equals(message.role())) {
            return Optional.of(USER);
        }
        return message.isNamedPerson() ? Optional.of(new Speaker(message.name().strip())) : Optional.empty();
    }

    boolean isUser() {
        return name == null;
    }

    /** A subject-less third-person predicate ("is vegetarian") with this speaker as its subject. */
    String subjectOf(String predicate) {
        return isUser() ? predicate : name + " " + lowerFirst(predicate);
    }

    /** The speaker where a pronoun stands for the user: "they" for the user, the name for another person. */
    String pronoun() {
        return isUser() ? "they" : name;
    }

    /** Something of this speaker's ("sister"), as a subject: the user's stays bare, another person's is theirs. */
    String owning(String thing) {
        return isUser() ? thing : name + "'s " + thing;
    }

    /** A statement that could not be put in this speaker's words as a fact about them, kept under their name. */
    String quoting(String statement) {
        return isUser() ? statement : name + ": " + statement;
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}

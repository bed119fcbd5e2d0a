package io.agentmemory.engine.testing.evaluation;

import io.agentmemory.engine.testing.evaluation.ConversationSet.Conversation;
import io.agentmemory.engine.testing.evaluation.ConversationSet.Turn;

/** How a turn becomes the text stored as a memory. */
public enum TurnText {
    /** The turn's words only. */
    PLAIN,
    /** "Speaker: words", the way a transcript reads; questions often name the speaker. */
    SPEAKER;

    public String of(Conversation conversation, Turn turn) {
        return this == PLAIN ? turn.text() : conversation.speakerName(turn) + ": " + turn.text();
    }
}

package io.agentmemory.engine.bedrock;

import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.extraction.ExtractionRequest;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What the model is told: the rules of a good fact (the system prompt, the same for every request so that
 * Bedrock's prompt caching can apply), and per request the conversation time, the memories the new facts may
 * repeat or contradict, the earlier turns as context, and the new turns.
 */
final class ExtractionPrompt {

    /** Memories shown as context; the nearest ones come first, so the rest matter least. */
    static final int KNOWN_MEMORIES_MAX = 30;
    static final int EARLIER_TURNS_MAX = 6;

    static final String SYSTEM = """
            You extract durable facts about a user from a conversation with an assistant, for a long-term memory.
            Keep what the user states about themselves and their people, places, plans and possessions: preferences,
            diet and health, family and relations, home and work, plans with their dates, things they own.
            Write each fact as a short third-person statement. The user is the unnamed subject: "Prefers window seats",
            "Recently moved to Lyon", "No longer eats meat", "Has two children". Their people are named by their
            relation: "Sister lives in Berlin", "Son studies chemistry". One fact per statement; keep the user's
            adverbs, negations and tense (recently, still, no longer, used to).
            A short answer takes its subject from the assistant's question before it ("Do you have kids?" "Yes, two."
            gives "Has two children").
            When a statement names a relative time (yesterday, last week, next month, in two weeks, on Saturday),
            give its date resolved against the conversation time, as YYYY, YYYY-MM or YYYY-MM-DD, as precise as the
            words are.
            Give the attribute a fact sets when a later fact could replace it (seat preference, home city, diet).
            Text in another language than English is kept in the user's own words.
            A turn shown as "Name (another person): ..." is said by someone the user talks with, not by the assistant.
            Keep what that person states about themselves the same way, under their name: "Leo starts at the bakery
            on Monday", "Leo's sister lives in Berlin".
            Do not record questions, requests, greetings, hedges ("I think", "maybe", "I might"), passing states
            ("I'm tired today"), or anything the assistant said. The earlier turns are context only: record facts
            from the new turns of the user and of named people. Known memories are there to avoid repeating them
            unchanged; a new value of the same attribute is still a fact.
            Always answer by calling the record_facts tool, with an empty list when there is nothing durable.""";

    private ExtractionPrompt() {
    }

    static String user(ExtractionRequest request) {
        StringBuilder prompt = new StringBuilder();
        prompt.append("Conversation time: ")
                .append(DateTimeFormatter.ISO_INSTANT.format(request.observedAtOrNow().atZone(ZoneOffset.UTC).toInstant()))
                .append("\n");
        List<String> known = request.knownMemories().stream().limit(KNOWN_MEMORIES_MAX).toList();
        if (!known.isEmpty()) {
            prompt.append("\nKnown memories about the user:\n");
            known.forEach(memory -> prompt.append("- ").append(oneLine(memory)).append("\n"));
        }
        List<Message> earlier = request.earlierTurns();
        if (!earlier.isEmpty()) {
            prompt.append("\nEarlier turns (context only):\n");
            earlier.subList(Math.max(0, earlier.size() - EARLIER_TURNS_MAX), earlier.size())
                    .forEach(turn -> appendTurn(prompt, turn));
        }
        prompt.append("\nNew turns:\n");
        request.messages().forEach(turn -> appendTurn(prompt, turn));
        return prompt.toString();
    }

    private static void appendTurn(StringBuilder prompt, Message turn) {
        if (turn.content() != null && !turn.content().isBlank()) {
            prompt.append(speaker(turn)).append(": ").append(oneLine(turn.content())).append("\n");
        }
    }

    /** Who said the turn, as the system prompt names them: the user, a named person, or the assistant. */
    static String speaker(Message turn) {
        return turn.isNamedPerson() ? oneLine(turn.name()) + " (another person)" : turn.role();
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\n\\s*", " / ");
    }
}

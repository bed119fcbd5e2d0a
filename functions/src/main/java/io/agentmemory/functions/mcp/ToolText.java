package io.agentmemory.functions.mcp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The short text a model reads when its client shows no structured content: what happened, then one line per
 * memory with its id, so a follow-up call (update, delete, history) can name it.
 */
final class ToolText {

    private static final List<String> CONTEXT_GROUPS = List.of("preferences", "pastTrips", "savedDestinations",
            "budgetPatterns", "travelStyle", "dietaryRestrictions", "accommodationPreferences", "activityPreferences");

    private ToolText() {
    }

    static String of(String tool, JsonNode body) {
        return switch (tool) {
            case "add_memories" -> added(body.path("results"));
            case "search_memories" -> found(body.path("results"));
            case "list_memories" -> listed(body);
            case "get_memory", "update_memory" -> line(body);
            case "delete_memory" -> "Deleted memory " + body.path("memoryId").asText() + ".";
            case "memory_history" -> history(body.path("history"));
            case "get_user_context" -> context(body);
            default -> body.toString();
        };
    }

    static String problem(JsonNode problem) {
        StringBuilder text = new StringBuilder("Error ").append(problem.path("status").asInt())
                .append(' ').append(problem.path("title").asText()).append(": ").append(problem.path("detail").asText());
        for (JsonNode error : problem.path("errors")) {
            text.append("\n- ").append(error.path("field").asText()).append(": ").append(error.path("message").asText());
        }
        return text.toString();
    }

    private static String added(JsonNode results) {
        if (results.isEmpty()) {
            return "Nothing to remember in these messages.";
        }
        StringBuilder text = new StringBuilder(plural(results.size(), "memory", "memories")).append(':');
        for (JsonNode fact : results) {
            text.append("\n- ").append(fact.path("event").asText()).append(' ').append(line(fact));
            if (fact.hasNonNull("previousMemory")) {
                text.append(" (was: ").append(fact.path("previousMemory").asText()).append(')');
            }
        }
        return text.toString();
    }

    private static String found(JsonNode results) {
        if (results.isEmpty()) {
            return "No memory matches.";
        }
        StringBuilder text = new StringBuilder(plural(results.size(), "memory", "memories")).append(" found:");
        for (JsonNode hit : results) {
            text.append("\n- ").append(line(hit)).append(String.format(Locale.ROOT, " score %.2f", hit.path("score").asDouble()));
            when(hit, text);
        }
        return text.toString();
    }

    /** When the conversation happened and what its relative times meant, so "when did I…?" is answered from the text. */
    private static void when(JsonNode hit, StringBuilder text) {
        if (hit.hasNonNull("observedAt")) {
            text.append(", said ").append(hit.path("observedAt").asText());
        }
        StringJoiner dates = new StringJoiner("; ", ", dates: ", "").setEmptyValue("");
        for (JsonNode date : hit.path("dates")) {
            dates.add("\"" + date.path("phrase").asText() + "\" = " + (date.hasNonNull("date") ? date.path("date").asText()
                    : date.path("from").asText() + " to " + date.path("to").asText()));
        }
        text.append(dates);
    }

    private static String listed(JsonNode page) {
        JsonNode memories = page.path("memories");
        StringBuilder text = new StringBuilder(plural(memories.size(), "memory", "memories")).append(memories.isEmpty() ? "." : ":");
        memories.forEach(memory -> text.append("\n- ").append(line(memory)));
        if (page.hasNonNull("nextCursor")) {
            text.append("\nMore: call again with cursor ").append(page.path("nextCursor").asText());
        }
        return text.toString();
    }

    private static String history(JsonNode entries) {
        StringBuilder text = new StringBuilder(plural(entries.size(), "change", "changes")).append(':');
        for (JsonNode entry : entries) {
            text.append("\n- ").append(entry.path("createdAt").asText()).append(' ').append(entry.path("event").asText());
            if (entry.hasNonNull("previousMemory")) {
                text.append(" from \"").append(entry.path("previousMemory").asText()).append('"');
            }
            if (entry.hasNonNull("newMemory")) {
                text.append(" to \"").append(entry.path("newMemory").asText()).append('"');
            }
        }
        return text.toString();
    }

    private static String context(JsonNode context) {
        StringBuilder text = new StringBuilder(context.path("summary").asText());
        for (String group : CONTEXT_GROUPS) {
            JsonNode entries = context.path(group);
            if (!entries.isEmpty()) {
                StringJoiner memories = new StringJoiner("; ");
                entries.forEach(entry -> memories.add(entry.path("memory").asText()));
                text.append('\n').append(group).append(": ").append(memories);
            }
        }
        return text.toString();
    }

    private static String line(JsonNode memory) {
        List<String> details = new ArrayList<>();
        details.add("id " + memory.path("id").asText());
        if (!memory.path("categories").isEmpty()) {
            StringJoiner categories = new StringJoiner(", ");
            memory.path("categories").forEach(category -> categories.add(category.asText()));
            details.add("categories " + categories);
        }
        return "\"" + memory.path("memory").asText() + "\" (" + String.join(", ", details) + ")";
    }

    private static String plural(int count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }
}

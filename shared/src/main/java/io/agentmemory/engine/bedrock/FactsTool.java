package io.agentmemory.engine.bedrock;

import io.agentmemory.engine.extraction.ExtractedFact;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one tool the model is made to call, {@code record_facts}, its JSON schema, and the strict reading of
 * its input: a model's answer is used only when it is exactly what the schema describes. Anything else (not
 * an object, a missing or mistyped field, an unknown field, an empty or over-long fact, a date in another
 * format, more facts than the limit) rejects the whole answer, so the caller falls back instead of silently
 * storing nothing or half of it.
 */
public final class FactsTool {

    public static final String NAME = "record_facts";
    static final int TEXT_MAX = 300;
    static final int ATTRIBUTE_MAX = 80;
    private static final Pattern DATE = Pattern.compile("\\d{4}(?:-\\d{2}(?:-\\d{2})?)?");
    private static final Set<String> FACT_FIELDS = Set.of("text", "date", "attribute");

    private FactsTool() {
    }

    public static Tool tool() {
        Document fact = Document.mapBuilder()
                .putString("type", "object")
                .putDocument("properties", Document.mapBuilder()
                        .putDocument("text", Document.mapBuilder()
                                .putString("type", "string")
                                .putNumber("maxLength", TEXT_MAX)
                                .putString("description", "One durable fact as a short third-person statement: no subject"
                                        + " for the user ('Prefers window seats', 'No longer eats meat'), the relation for"
                                        + " their people ('Sister lives in Berlin'). Text in another language than English"
                                        + " is kept in the user's own words.")
                                .build())
                        .putDocument("date", Document.mapBuilder()
                                .putString("type", "string")
                                .putString("pattern", "^\\d{4}(-\\d{2}(-\\d{2})?)?$")
                                .putString("description", "When a relative time in the statement resolves to, counted"
                                        + " from the conversation time: YYYY, YYYY-MM or YYYY-MM-DD. Omit when none.")
                                .build())
                        .putDocument("attribute", Document.mapBuilder()
                                .putString("type", "string")
                                .putNumber("maxLength", ATTRIBUTE_MAX)
                                .putString("description", "The attribute the fact sets, when a later fact could replace"
                                        + " it: 'seat preference', 'home city', 'diet', 'sister's home city'. Omit for facts"
                                        + " that add rather than replace (a second allergy, another child).")
                                .build())
                        .build())
                .putList("required", List.of(Document.fromString("text")))
                .putBoolean("additionalProperties", false)
                .build();
        Document schema = Document.mapBuilder()
                .putString("type", "object")
                .putDocument("properties", Document.mapBuilder()
                        .putDocument("facts", Document.mapBuilder()
                                .putString("type", "array")
                                .putNumber("maxItems", RuleBasedFactExtractor.FACTS_MAX)
                                .putDocument("items", fact)
                                .build())
                        .build())
                .putList("required", List.of(Document.fromString("facts")))
                .putBoolean("additionalProperties", false)
                .build();
        return Tool.fromToolSpec(ToolSpecification.builder()
                .name(NAME)
                .description("Record the durable facts about the user found in the new turns; an empty list when there are none.")
                .inputSchema(ToolInputSchema.fromJson(schema))
                .build());
    }

    /** The facts in a tool call's input, or empty when the input is not exactly what the schema allows. */
    public static Optional<List<ExtractedFact>> read(Document input) {
        if (input == null || !input.isMap() || !input.asMap().keySet().equals(Set.of("facts"))) {
            return Optional.empty();
        }
        Document facts = input.asMap().get("facts");
        if (facts == null || !facts.isList() || facts.asList().size() > RuleBasedFactExtractor.FACTS_MAX) {
            return Optional.empty();
        }
        List<ExtractedFact> read = new ArrayList<>();
        for (Document item : facts.asList()) {
            Optional<ExtractedFact> fact = readFact(item);
            if (fact.isEmpty()) {
                return Optional.empty();
            }
            read.add(fact.get());
        }
        return Optional.of(List.copyOf(read));
    }

    private static Optional<ExtractedFact> readFact(Document item) {
        if (item == null || !item.isMap() || !FACT_FIELDS.containsAll(item.asMap().keySet())) {
            return Optional.empty();
        }
        Map<String, Document> fields = item.asMap();
        Optional<String> text = string(fields.get("text"), TEXT_MAX);
        if (text.isEmpty() || text.get().isBlank() || text.get().contains("\n")) {
            return Optional.empty();
        }
        String date = null;
        if (fields.containsKey("date") && !fields.get("date").isNull()) {
            Optional<String> value = string(fields.get("date"), 10);
            if (value.isEmpty() || !DATE.matcher(value.get()).matches()) {
                return Optional.empty();
            }
            date = value.get();
        }
        String attribute = null;
        if (fields.containsKey("attribute") && !fields.get("attribute").isNull()) {
            Optional<String> value = string(fields.get("attribute"), ATTRIBUTE_MAX);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            attribute = value.get().isBlank() ? null : value.get().strip();
        }
        return Optional.of(new ExtractedFact(text.get().strip(), date, attribute));
    }

    private static Optional<String> string(Document value, int max) {
        if (value == null || !value.isString() || value.asString().length() > max) {
            return Optional.empty();
        }
        return Optional.of(value.asString());
    }
}

package io.agentmemory.engine.extraction;

import io.agentmemory.engine.api.Message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deterministic default extractor: keeps what the user states about themselves and rewrites it as a short
 * third-person fact ("I prefer window seats" → "Prefers window seats"). Only the user's own turns count:
 * what an assistant or system prompt says is not a fact about the user. Questions, requests, greetings and
 * hedges ("I think", "I'd like", "I'm looking for") are not durable and are dropped.
 *
 * <p>It is deliberately conservative: a statement it cannot rewrite confidently is left out rather than
 * stored garbled. Deployments that need more recall configure the LLM extractor instead.
 */
public final class RuleBasedFactExtractor implements FactExtractor {

    /** More than this from one request is almost certainly a pasted document, not a conversation about the user. */
    public static final int FACTS_MAX = 20;

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;])\\s+|\\n+");
    /** Joins between independent first-person clauses: "I'm vegetarian, I prefer ... and my budget is ...". */
    private static final Pattern CLAUSE_JOIN = Pattern.compile(
            "\\s*(?:,\\s*(?:and\\s+|but\\s+)?|\\s+(?:and|but)\\s+)(?=(?:i|i'm|i've|my|we|we're|our)\\b)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DISCOURSE_PREFIX = Pattern.compile(
            "^(?:(?:and|also|oh|so|well|actually|btw|by the way|anyway|but|plus|yes|yeah|no)\\b[,\\s]*)+",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TRANSIENT = Pattern.compile(
            "\\b(?:today|tonight|tomorrow|right now|at the moment|this (?:morning|afternoon|evening))\\b",
            Pattern.CASE_INSENSITIVE);
    /** Openings that hedge, ask or announce an action: none of them tells us something lasting about the user. */
    private static final Pattern NOT_A_FACT = Pattern.compile(
            "^(?:i(?:'d| would| will|'ll| think| guess| wonder| hope| believe| mean| suppose| just| did| was wondering"
                    + "| want to (?:book|find|know|see|ask)| need (?:you|to know|help|a recommendation))\\b"
                    + "|i(?:'m| am) (?:looking|wondering|trying|thinking|not sure|asking|just|here|back|glad|happy to)\\b)",
            Pattern.CASE_INSENSITIVE);

    private static final Map<String, String> IRREGULAR_THIRD_PERSON = Map.of(
            "have", "has", "do", "does", "go", "goes", "be", "is", "can", "can", "must", "must");
    /** Past forms are already right in the third person and must not gain an "s". */
    private static final Set<String> IRREGULAR_PAST = Set.of(
            "went", "ate", "flew", "saw", "took", "had", "was", "got", "made", "spent", "grew", "lived", "met",
            "drove", "swam", "left", "came", "bought", "brought", "found", "felt", "knew", "became", "began");
    private static final Set<String> FREQUENCY_ADVERBS = Set.of(
            "always", "usually", "often", "generally", "mostly", "normally", "typically", "rarely", "never",
            "sometimes", "really", "absolutely", "definitely", "also", "still", "only", "mainly", "regularly");

    /** Ordered rewrites, first match wins. The subject is already the user; each rule names the verb form. */
    private static final List<Rewrite> REWRITES = List.of(
            new Rewrite("^my (name) is (.+)$", m -> "Name is " + m.group(2)),
            new Rewrite("^my (.+?) (is|are|was|were|has|have) (.+)$",
                    m -> capitalize(m.group(1)) + " " + m.group(2) + " " + m.group(3)),
            new Rewrite("^our (.+?) (is|are|was|were|has|have) (.+)$",
                    m -> "Their " + m.group(1) + " " + m.group(2) + " " + m.group(3)),
            new Rewrite("^i(?:'m| am) (.+)$", m -> "Is " + m.group(1)),
            new Rewrite("^i(?:'ve| have) got (.+)$", m -> "Has " + m.group(1)),
            new Rewrite("^i(?:'ve| have) (been|never|always|lived|visited|travelled|traveled|had|done|seen|worked) ?(.*)$",
                    m -> "Has " + m.group(1) + (m.group(2).isEmpty() ? "" : " " + m.group(2))),
            new Rewrite("^i have (.+)$", m -> "Has " + m.group(1)),
            new Rewrite("^i (?:don't|do not) (.+)$", m -> "Does not " + m.group(1)),
            new Rewrite("^i (?:can't|cannot|can not) (.+)$", m -> "Cannot " + m.group(1)),
            new Rewrite("^i (?:won't|will not) (.+)$", m -> "Will not " + m.group(1)),
            new Rewrite("^i (?:didn't|did not) (.+)$", m -> "Did not " + m.group(1)),
            new Rewrite("^i was (.+)$", m -> "Was " + m.group(1)),
            new Rewrite("^i (\\w+) (\\w+)(.*)$", RuleBasedFactExtractor::adverbThenVerb),
            new Rewrite("^i (\\w+)(.*)$", m -> capitalize(thirdPerson(m.group(1))) + m.group(2)),
            new Rewrite("^we(?:'re| are) (.+)$", m -> "Is part of " + m.group(1)),
            new Rewrite("^(we (?:\\w+) .+)$", m -> capitalize(m.group(1))));

    @Override
    public List<String> extract(List<Message> messages) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (Message message : messages) {
            if (message == null || !"user".equals(message.role()) || message.content() == null) {
                continue;
            }
            for (String sentence : SENTENCE_END.split(message.content().strip())) {
                for (String fact : factsIn(sentence.strip())) {
                    facts.putIfAbsent(TextNormalizer.key(fact), fact);
                    if (facts.size() == FACTS_MAX) {
                        return List.copyOf(facts.values());
                    }
                }
            }
        }
        return List.copyOf(facts.values());
    }

    private static List<String> factsIn(String sentence) {
        if (sentence.isEmpty() || sentence.endsWith("?") || TRANSIENT.matcher(sentence).find()) {
            return List.of();
        }
        List<String> facts = new ArrayList<>();
        for (String clause : CLAUSE_JOIN.split(sentence)) {
            rewrite(clause).ifPresent(facts::add);
        }
        return facts;
    }

    static Optional<String> rewrite(String clause) {
        String text = DISCOURSE_PREFIX.matcher(clause.strip()).replaceFirst("")
                .replace('\u2019', '\'')
                .replaceAll("[\\s.!;,:]+$", "")
                .strip();
        if (text.isEmpty() || NOT_A_FACT.matcher(text).find()) {
            return Optional.empty();
        }
        for (Rewrite rule : REWRITES) {
            Matcher m = rule.pattern().matcher(text);
            if (m.matches()) {
                String fact = capitalize(toThirdPersonObjects(rule.render().apply(m)).strip());
                return fact.split("\\s+").length >= 2 ? Optional.of(fact) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String adverbThenVerb(Matcher m) {
        String first = m.group(1);
        if (FREQUENCY_ADVERBS.contains(first.toLowerCase(Locale.ROOT))) {
            return capitalize(first) + " " + thirdPerson(m.group(2)) + m.group(3);
        }
        return capitalize(thirdPerson(first)) + " " + m.group(2) + m.group(3);
    }

    static String thirdPerson(String verb) {
        String lower = verb.toLowerCase(Locale.ROOT);
        if (IRREGULAR_THIRD_PERSON.containsKey(lower)) {
            return IRREGULAR_THIRD_PERSON.get(lower);
        }
        if (IRREGULAR_PAST.contains(lower) || lower.endsWith("ed")) {
            return lower;
        }
        if (lower.matches(".*(?:s|sh|ch|x|z|o)")) {
            return lower + "es";
        }
        if (lower.matches(".*[^aeiou]y")) {
            return lower.substring(0, lower.length() - 1) + "ies";
        }
        return lower + "s";
    }

    /** "I like my coffee black" becomes "Likes their coffee black", not "Likes my coffee black". */
    private static String toThirdPersonObjects(String text) {
        return text.replaceAll("\\bmyself\\b", "themselves")
                .replaceAll("\\bmy\\b", "their")
                .replaceAll("\\bmine\\b", "theirs")
                .replaceAll("\\bme\\b", "them")
                .replaceAll("\\bI'm\\b", "they're")
                .replaceAll("\\bI\\b", "they");
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private record Rewrite(Pattern pattern, Function<Matcher, String> render) {
        Rewrite(String regex, Function<Matcher, String> render) {
            this(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), render);
        }
    }
}

package io.agentmemory.engine.facts;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a preference is about: "window seats on long flights" prefers a kind of seat (the choice "window") in a
 * context ("long flights"). Two preferences are versions of one another only for the same thing in a compatible
 * context; whether a new one replaces the old without saying so depends on whether the two choices exclude each
 * other (window or aisle, morning or evening), which this class knows for the common cases.
 */
final class Preferences {

    record Preferred(String thing, Set<String> context, String choice) {
    }

    private static final Pattern CONTEXT_START = Pattern.compile(
            " (?:on|for|in|at|over|than|when|with|to|during|from|of|while|because|and|or|if|whenever|unless|rather|"
                    + "instead|so|but|as|by|these|even)\\b.*$");
    private static final List<Set<String>> EXCLUSIVE_CHOICES = List.of(
            Set.of("window", "aisle", "middle"),
            Set.of("morning", "afternoon", "evening", "night", "early", "late", "midday", "overnight", "red-eye"),
            Set.of("economy", "premium", "business", "first"),
            Set.of("high", "low", "ground", "top", "ground-floor", "upper", "lower"),
            Set.of("vegetarian", "vegan", "kosher", "halal", "pescatarian", "gluten-free", "meat", "fish", "chicken"),
            Set.of("direct", "nonstop", "connecting"),
            Set.of("single", "double", "twin", "king", "queen"),
            Set.of("hot", "cold", "warm", "mild"),
            Set.of("email", "phone", "text", "call", "whatsapp", "sms", "letter"));

    private Preferences() {
    }

    static Preferred read(String preferred) {
        String phrase = preferred.strip();
        if (phrase.startsWith("to ")) {
            String[] words = phrase.split(" ");
            String thing = words.length > 1 ? Verbs.stem(words[1]) : phrase;
            return new Preferred(thing, Set.of(), FactValues.comparable(phrase));
        }
        String nounPhrase = CONTEXT_START.matcher(phrase).replaceFirst("").strip();
        if (nounPhrase.isEmpty()) {
            nounPhrase = phrase.split(" ")[0];
        }
        String context = phrase.substring(Math.min(phrase.length(), nounPhrase.length())).strip();
        String[] words = nounPhrase.split(" ");
        String thing = FactValues.singular(words[words.length - 1]);
        String choice = FactValues.comparable(String.join(" ", java.util.Arrays.copyOf(words, words.length - 1)));
        return new Preferred(thing, FactValues.topics(context), choice.isEmpty() ? thing : choice);
    }

    /** Contexts are compatible when they are the same, or when one of the two preferences names none. */
    static boolean compatibleContexts(Set<String> a, Set<String> b) {
        return a.isEmpty() || b.isEmpty() || a.equals(b);
    }

    /** "window" and "aisle" exclude each other; "morning" and "direct" do not (a flight can be both). */
    static boolean excludeEachOther(String choiceA, String choiceB) {
        Set<String> a = Set.of(choiceA.split("[ ]+"));
        Set<String> b = Set.of(choiceB.split("[ ]+"));
        for (Set<String> group : EXCLUSIVE_CHOICES) {
            boolean aHas = a.stream().anyMatch(group::contains);
            boolean bHas = b.stream().anyMatch(group::contains);
            if (aHas && bHas) {
                return true;
            }
        }
        return false;
    }
}

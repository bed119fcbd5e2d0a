package io.agentmemory.engine.facts;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Values, attribute names and content words in a form that compares by meaning rather than wording: "about 2,000
 * EUR" and "around 2000 euros" are one budget, "peanuts" and "peanut" one allergy, "a cat called Miso" and "a cat
 * named Miso" one cat, "+33 6 12 34" and "+33612 34" one phone number.
 */
final class FactValues {

    private static final Set<String> FILLER = Set.of("a", "an", "the", "about", "around", "roughly", "approximately",
            "approx", "nearly", "almost", "circa", "some", "~", "their", "his", "her", "its", "on", "at");
    private static final Map<String, String> SYNONYMS = Map.ofEntries(Map.entry("favourite", "favorite"),
            Map.entry("colour", "color"), Map.entry("neighbour", "neighbor"), Map.entry("euros", "eur"),
            Map.entry("euro", "eur"), Map.entry("€", "eur"), Map.entry("dollars", "usd"), Map.entry("dollar", "usd"),
            Map.entry("pounds", "gbp"), Map.entry("called", "named"), Map.entry("one", "1"), Map.entry("two", "2"),
            Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"), Map.entry("six", "6"),
            Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"), Map.entry("ten", "10"),
            Map.entry("travelling", "traveling"), Map.entry("kids", "children"), Map.entry("kid", "child"));
    private static final Map<String, String> IRREGULAR_PLURALS = Map.of("children", "child", "people", "person",
            "men", "man", "women", "woman", "feet", "foot", "teeth", "tooth", "mice", "mouse", "geese", "goose");
    private static final Pattern DIGIT_GROUPING = Pattern.compile("(?<=\\d)[,.](?=\\d{3}\\b)");
    /** Spaces inside a number written in groups ("+33 6 12 34 56 78"): one token, whatever the grouping. */
    private static final Pattern SPACED_DIGITS = Pattern.compile("(?<=[\\d+]) (?=\\d)");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}@+#%&'\\-:/ ]|(?<!\\d):|:(?!\\d)");
    /** Words that carry no topic of their own: the comparisons look past them. */
    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "to", "for", "of", "on", "in", "at", "by",
            "with", "from", "and", "or", "but", "is", "are", "was", "were", "be", "been", "has", "have", "had", "their",
            "his", "her", "its", "they", "them", "it", "this", "that", "when", "while", "as", "than", "up", "out",
            "into", "over", "per", "very", "more", "less", "does", "not", "next", "new", "current", "usual", "renewed",
            "every", "each", "about", "around", "some", "also", "just");
    private static final Set<String> TIME_WORDS = Set.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
            "friday", "saturday", "sunday", "today", "yesterday", "tomorrow", "week", "month", "year", "spring",
            "summer", "autumn", "fall", "winter", "last", "ago", "daily", "weekly");
    private static final Map<String, String> ATTRIBUTE_SYNONYMS = Map.of("job title", "job", "occupation", "job",
            "profession", "job", "role", "job", "position", "job", "email address", "email", "mobile number",
            "phone number", "cell number", "phone number", "telephone number", "phone number");

    private FactValues() {
    }

    static String comparable(String value) {
        String grouped = SPACED_DIGITS.matcher(DIGIT_GROUPING.matcher(value).replaceAll("")).replaceAll("");
        String[] words = NOT_WORD.matcher(grouped).replaceAll(" ").trim().split("\\s+");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            String word = SYNONYMS.getOrDefault(words[i], words[i]);
            if (word.isEmpty() || FILLER.contains(word)) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(i == words.length - 1 ? singular(word) : word);
        }
        return out.toString();
    }

    static String singular(String word) {
        String w = word.strip();
        if (IRREGULAR_PLURALS.containsKey(w)) {
            return IRREGULAR_PLURALS.get(w);
        }
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 4 && (w.endsWith("ches") || w.endsWith("shes") || w.endsWith("xes") || w.endsWith("sses"))) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    /** The stemmed words that say what a text is about: no stop words, no times, no numbers or codes. */
    static Set<String> topics(String text) {
        Set<String> topics = new TreeSet<>();
        for (String word : NOT_WORD.matcher(text).replaceAll(" ").trim().split("[\\s/]+")) {
            String w = SYNONYMS.getOrDefault(word, word);
            if (w.isEmpty() || STOP_WORDS.contains(w) || TIME_WORDS.contains(w) || w.matches(".*\\d.*")) {
                continue;
            }
            topics.add(Verbs.stem(w));
        }
        return topics;
    }

    /**
     * "New phone number", "phone number" and "mobile number" name one attribute, and so do "next trip to Oslo" and
     * "Oslo trip": the name is its words' stems as a set. A pronoun names none.
     */
    static String attributeName(String phrase) {
        StringBuilder raw = new StringBuilder();
        for (String word : phrase.strip().split("\\s+")) {
            String w = SYNONYMS.getOrDefault(word, word);
            if (!w.isEmpty() && !STOP_WORDS.contains(w)) {
                raw.append(raw.isEmpty() ? "" : " ").append(w);
            }
        }
        String named = ATTRIBUTE_SYNONYMS.getOrDefault(raw.toString(), raw.toString());
        Set<String> stems = new TreeSet<>();
        for (String word : named.split(" ")) {
            if (!word.isEmpty()) {
                stems.add(word.matches(".*\\d.*") ? word : Verbs.stem(word));
            }
        }
        String name = String.join(" ", stems);
        return name.isEmpty() || Set.of("it", "thi", "that", "there", "which", "what", "who").contains(name) ? null : name;
    }
}

package io.agentmemory.engine.extraction;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * The details a question about a sentence is asked with: its numbers, in digits or spelled out, and the names in
 * it. A rewrite that loses one loses what the sentence was said for ("Rent is $2,950 and we're splitting it" →
 * "Is splitting it down the middle"; "Our offer was accepted, we got it for £395,000 from Mrs Hale" → "Got it"),
 * so the extractor keeps such a sentence in the user's words instead.
 */
final class SpecificDetails {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}'-]+");
    private static final Pattern DIGIT = Pattern.compile("\\d");
    /** A number spelled out ("one" is left out: "one of them", "the one"). */
    static final Pattern NUMBER_WORD = Pattern.compile(
            "\\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
                    + "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
                    + "thousand|million|dozen)\\b", Pattern.CASE_INSENSITIVE);
    /** The user's own "I" is capitalised without being a name. */
    private static final Pattern FIRST_PERSON = Pattern.compile("I|I'(?:m|ve|d|ll)");

    private SpecificDetails() {
    }

    /** The sentence's numbers and names, lower-cased; a capital on its first word is only the sentence's. */
    static Set<String> of(String sentence) {
        List<String> words = WORD.matcher(sentence.replace('\u2019', '\'')).results().map(MatchResult::group).toList();
        Set<String> details = new LinkedHashSet<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String lower = word.toLowerCase(Locale.ROOT);
            boolean name = i > 0 && Character.isUpperCase(word.charAt(0)) && !FIRST_PERSON.matcher(word).matches();
            if (name || DIGIT.matcher(word).find() || NUMBER_WORD.matcher(lower).matches()) {
                details.add(lower);
            }
        }
        return details;
    }

    /** Whether every detail of the sentence is still in one of the facts made from it. */
    static boolean keptIn(String sentence, List<String> facts) {
        Set<String> kept = new LinkedHashSet<>();
        facts.forEach(fact -> WORD.matcher(fact.replace('\u2019', '\'')).results()
                .forEach(word -> kept.add(word.group().toLowerCase(Locale.ROOT))));
        return kept.containsAll(of(sentence));
    }
}

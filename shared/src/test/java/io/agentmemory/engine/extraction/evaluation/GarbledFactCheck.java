package io.agentmemory.engine.extraction.evaluation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A mechanical test of "a grammatical third-person rewrite of what was said", applied to every kept fact that is
 * not the user's own words kept verbatim. A fact is garbled when it:
 * <ol>
 *   <li>still speaks in the first or second person (I, me, my, we, our, us, you, your) outside quotes;</li>
 *   <li>opens with an adverb, negation or pronoun bent like a verb ("Recentlies", "Noes", "Nows");</li>
 *   <li>opens with a bare verb or a first-person form ("Prefer window seats", "Am vegetarian");</li>
 *   <li>has no finite verb in its first eight words, so it is neither "Lives in Lyon" (the user is the subject)
 *       nor "Sister lives in Berlin" (a named subject, then its verb);</li>
 *   <li>bends the verb after an auxiliary or "to" ("Does not eats", "Cannot flies", "to lives");</li>
 *   <li>repeats a word ("is is"), or ends on a word that needs more after it ("and", "to", "the", "their").</li>
 * </ol>
 * It is a check of form, not of meaning: it cannot tell "Sister lives in Berlin" from "Berlin lives in
 * Sister", and without a dictionary any word in "-s" passes for a verb ("Window seats" passes, "Window seat"
 * does not), while a plural subject's verb outside its short verb list fails ("They and their colleague
 * carpool"). The opposite mistake, a true fact dropped, is what recall measures.
 */
public final class GarbledFactCheck {

    private static final Pattern FIRST_OR_SECOND_PERSON = Pattern.compile(
            "(?i)(?<![\\p{L}'])(?:i|i'm|i've|i'd|i'll|me|my|mine|myself|we|we're|we've|our|ours|us|you|your|yours)(?![\\p{L}'])");
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"|\u2018[^\u2019]*\u2019|\u201c[^\u201d]*\u201d");
    private static final Set<String> CLOSED_CLASS = Set.of(
            "recently", "no", "now", "still", "already", "just", "never", "always", "usually", "also", "only", "really",
            "often", "not", "so", "very", "both", "we", "my", "our", "the", "currently", "newly", "mostly");
    private static final Set<String> BASE_VERBS = Set.of(
            "prefer", "live", "love", "like", "work", "eat", "go", "have", "do", "am", "are", "be", "want", "need",
            "hate", "fly", "travel", "speak", "drink", "take", "play", "run", "own", "use", "get", "make", "know",
            "think", "study", "stay", "visit", "drive", "swim", "sleep", "avoid", "enjoy", "book", "keep", "commute",
            "collect", "spend", "share", "cycle", "walk", "read", "teach", "support", "hold", "rely", "try");
    private static final Set<String> FINITE = Set.of(
            "is", "are", "was", "were", "has", "have", "had", "does", "do", "did", "can", "cannot", "could", "will",
            "would", "must", "should", "may", "might", "used", "got", "went", "left", "grew", "met", "made", "took",
            "broke", "bought", "sold", "quit", "ran", "began", "became", "came", "flew", "ate", "drove", "spent",
            "kept", "lost", "won", "wrote", "saw", "knew", "felt", "found", "threw", "put", "cut", "let", "set",
            "said", "paid", "rang", "held", "sent", "taught", "told", "thought", "brought", "built", "caught", "chose",
            "drank", "fell", "fought", "forgot", "gave", "heard", "hid", "led", "lent", "meant", "rode", "rose", "sang",
            "sat", "shook", "shot", "slept", "spoke", "stood", "stole", "stuck", "swam", "tore", "understood", "woke",
            "wore", "dug", "fed", "fled", "hung", "laid", "lit", "sought", "spun", "swore", "wept");
    private static final Set<String> DANGLING = Set.of(
            "and", "or", "but", "to", "the", "a", "an", "of", "with", "their", "because", "so", "as", "than", "from");
    private static final Pattern BENT_AFTER_AUXILIARY = Pattern.compile(
            "(?i)\\b(?:does not|did not|do not|cannot|can|could|will|would|must|should|may|might|to)\\s+(\\p{L}+?)(?:ies|es|s)\\b");

    private GarbledFactCheck() {
    }

    /** Why a fact is garbled, or empty when it reads as a grammatical third-person statement. */
    public static Optional<String> problem(String fact) {
        String text = fact.strip().replace('\u2019', '\'');
        String unquoted = QUOTED.matcher(text).replaceAll(" ");
        if (FIRST_OR_SECOND_PERSON.matcher(unquoted).find()) {
            return Optional.of("first or second person");
        }
        String[] words = unquoted.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}'\\s-]", " ").strip().split("\\s+");
        if (words.length < 2) {
            return Optional.of("fewer than two words");
        }
        String opening = words[0];
        if (bentClosedClass(opening)) {
            return Optional.of("closed-class word bent like a verb: " + opening);
        }
        if (BASE_VERBS.contains(opening)) {
            return Optional.of("opens with a bare verb: " + opening);
        }
        // "They and their wife both work in tech": a plural subject takes the base form.
        boolean plural = opening.equals("they");
        if (Arrays.stream(words).limit(8).noneMatch(word -> finite(word) || (plural && BASE_VERBS.contains(word)))) {
            return Optional.of("no finite verb near the start");
        }
        var bent = BENT_AFTER_AUXILIARY.matcher(unquoted);
        while (bent.find()) {
            String stem = bent.group(1).toLowerCase(Locale.ROOT);
            if (BASE_VERBS.contains(stem) || BASE_VERBS.contains(stem + "e") || BASE_VERBS.contains(stem + "y")) {
                return Optional.of("verb bent after an auxiliary: " + bent.group());
            }
        }
        for (int i = 1; i < words.length; i++) {
            if (words[i].equals(words[i - 1]) && !words[i].matches("\\d+|very|had|that")) {
                return Optional.of("repeated word: " + words[i]);
            }
        }
        if (DANGLING.contains(words[words.length - 1])) {
            return Optional.of("ends on: " + words[words.length - 1]);
        }
        return Optional.empty();
    }

    public static boolean isGarbled(String fact) {
        return problem(fact).isPresent();
    }

    private static boolean bentClosedClass(String word) {
        for (String stem : new String[] {
                word.replaceFirst("ies$", "y"), word.replaceFirst("ies$", "ly"), word.replaceFirst("es$", ""),
                word.replaceFirst("s$", "")}) {
            if (!stem.equals(word) && CLOSED_CLASS.contains(stem)) {
                return true;
            }
        }
        return false;
    }

    private static boolean finite(String word) {
        if (FINITE.contains(word) || (word.endsWith("ed") && word.length() > 3)) {
            return true;
        }
        // "He's fast", "It's down to $9,800": the "'s" of a pronoun is "is" or "has", a finite verb either way.
        if (word.matches("(?:he|she|it|that|there|who|what|where)'s")) {
            return true;
        }
        // A third-person present form of a verb the check knows: "lives", "flies", "goes", "prefers".
        return word.endsWith("s") && (BASE_VERBS.contains(word.substring(0, word.length() - 1))
                || BASE_VERBS.contains(word.replaceFirst("ies$", "y")) || BASE_VERBS.contains(word.replaceFirst("es$", ""))
                || (word.length() > 3 && !word.endsWith("ss") && !word.endsWith("'s") && !word.endsWith("us")));
    }
}

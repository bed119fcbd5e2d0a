package io.agentmemory.engine.extraction;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The verb forms a first-person statement needs to become a third-person one, and the words that are not verbs. */
final class EnglishVerbs {

    private static final Map<String, String> IRREGULAR_THIRD_PERSON = Map.of(
            "have", "has", "do", "does", "go", "goes", "be", "is", "am", "is", "are", "is");
    /** Already right in the third person: they must not gain an "s". */
    static final Set<String> IRREGULAR_PAST = Set.of(
            "ate", "became", "began", "bought", "brought", "built", "caught", "chose", "came", "did", "drank", "drove",
            "fell", "felt", "fought", "found", "flew", "forgot", "got", "gave", "went", "grew", "had", "heard", "held",
            "kept", "knew", "laid", "led", "left", "lent", "lost", "made", "meant", "met", "paid", "ran", "rode",
            "rang", "rose", "said", "saw", "sold", "sent", "shook", "shot", "sang", "sat", "slept", "spoke", "spent",
            "stood", "stole", "stuck", "swam", "took", "taught", "tore", "told", "thought", "threw", "understood",
            "woke", "wore", "won", "wrote", "dug", "was", "were", "broke", "been", "done", "gone", "seen", "taken", "given",
            "eaten", "flown", "grown", "known", "written", "driven", "ridden", "born", "forgotten", "chosen", "spoken",
            "begun", "swum", "drunk", "sung", "worn", "torn", "stolen", "lived", "learnt", "spelt", "burnt", "dreamt");
    /** The same word for present and past: past only when the sentence says it happened. */
    static final Set<String> SAME_IN_PAST = Set.of(
            "quit", "put", "cut", "let", "set", "hit", "hurt", "read", "shut", "spread", "cost", "split", "bet", "cast");
    /** Base forms that end in "ed" and are not past forms. */
    private static final Set<String> ED_BASES = Set.of(
            "need", "feed", "bleed", "breed", "speed", "proceed", "succeed", "exceed", "heed", "shred", "embed", "wed",
            "shed", "bed", "seed", "weed", "plead");
    static final Set<String> MODALS = Set.of("can", "could", "must", "should", "will", "would", "may", "might", "shall");
    /** Adverbs that may stand between the subject and the verb; they keep their place in front of the verb. */
    static final Set<String> ADVERBS = Set.of(
            "always", "usually", "often", "generally", "mostly", "normally", "typically", "rarely", "never",
            "sometimes", "really", "absolutely", "definitely", "also", "still", "only", "mainly", "regularly",
            "recently", "now", "already", "just", "even", "both", "actually", "currently", "finally", "hardly",
            "seldom", "occasionally", "frequently", "totally", "completely", "basically", "newly", "originally",
            "honestly", "all", "ever", "largely", "nearly", "almost", "rather", "particularly", "especially",
            "once", "twice", "officially", "happily", "proudly", "openly", "strictly", "exclusively", "barely");

    private static final java.util.regex.Pattern SIBILANT_OR_O = java.util.regex.Pattern.compile(".*(?:s|sh|ch|x|z|o)");
    private static final java.util.regex.Pattern CONSONANT_Y = java.util.regex.Pattern.compile(".*[^aeiou]y");

    private EnglishVerbs() {
    }

    /** "prefer" → "prefers", "fly" → "flies", "moved" → "moved"; {@code past} says the sentence is about the past. */
    static String thirdPerson(String verb, boolean past) {
        String lower = verb.toLowerCase(Locale.ROOT);
        if (IRREGULAR_THIRD_PERSON.containsKey(lower)) {
            return IRREGULAR_THIRD_PERSON.get(lower);
        }
        if (isPastForm(lower) || (past && SAME_IN_PAST.contains(lower)) || MODALS.contains(lower)) {
            return lower;
        }
        if (SIBILANT_OR_O.matcher(lower).matches()) {
            return lower + "es";
        }
        if (CONSONANT_Y.matcher(lower).matches()) {
            return lower.substring(0, lower.length() - 1) + "ies";
        }
        return lower + "s";
    }

    static boolean isPastForm(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        return IRREGULAR_PAST.contains(lower) || (lower.endsWith("ed") && lower.length() > 3 && !ED_BASES.contains(lower));
    }
}

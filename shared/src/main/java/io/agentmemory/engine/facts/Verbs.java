package io.agentmemory.engine.facts;

import java.util.Map;
import java.util.Set;

/** Just enough English verb morphology to compare "smokes", "quit smoking" and "does not smoke". */
final class Verbs {

    static final Set<String> IRREGULAR_PAST = Set.of("went", "ate", "flew", "saw", "took", "had", "was", "got", "made",
            "spent", "grew", "lived", "met", "drove", "swam", "left", "came", "bought", "brought", "found", "felt",
            "knew", "became", "began", "been", "gone", "done", "seen", "taken", "given", "quit", "won", "lost", "sold");
    private static final Map<String, String> IRREGULAR_THIRD = Map.of("have", "has", "do", "does", "go", "goes",
            "be", "is", "fly", "flies");
    /** Verbs whose doing is itself a change of some value: "Reached B1", "Was upgraded to platinum", "Left Deloitte". */
    static final Set<String> CHANGE_VERBS = Set.of("switch", "chang", "mov", "upgrad", "downgrad", "reach", "rais",
            "increas", "reduc", "lower", "promot", "transferr", "renew", "replac", "swapp", "left", "join", "quit",
            "stopp", "start", "retir", "relocat", "becam", "bump", "cut", "extend", "postpon", "reschedul");

    private Verbs() {
    }

    /** "eat meat" becomes "eats meat": the third person the extractors write. */
    static String thirdPerson(String predicate) {
        int space = predicate.indexOf(' ');
        String verb = space < 0 ? predicate : predicate.substring(0, space);
        String tail = space < 0 ? "" : predicate.substring(space);
        String third;
        if (IRREGULAR_THIRD.containsKey(verb)) {
            third = IRREGULAR_THIRD.get(verb);
        } else if (verb.endsWith("s") || verb.endsWith("ed") || IRREGULAR_PAST.contains(verb)) {
            third = verb;
        } else if (verb.matches(".*(?:sh|ch|x|z|o)")) {
            third = verb + "es";
        } else if (verb.matches(".*[^aeiou]y")) {
            third = verb.substring(0, verb.length() - 1) + "ies";
        } else {
            third = verb + "s";
        }
        return third + tail;
    }

    /** "smoking" → "smok", "running" → "run": the stem, which is all the comparisons need. */
    static String fromGerund(String gerund) {
        String stem = gerund.substring(0, gerund.length() - 3);
        if (stem.length() > 2 && stem.charAt(stem.length() - 1) == stem.charAt(stem.length() - 2)
                && !stem.endsWith("ll") && !stem.endsWith("ss")) {
            stem = stem.substring(0, stem.length() - 1);
        }
        return stem;
    }

    /** One stem for every form of a word: "takes", "taking", "taken", "take" → "tak". */
    static String stem(String word) {
        String w = word;
        for (String suffix : new String[]{"ing", "ies", "ance", "ence", "es", "ed", "er", "ly", "s"}) {
            if (w.length() > suffix.length() + 2 && w.endsWith(suffix)) {
                w = w.substring(0, w.length() - suffix.length()) + (suffix.equals("ies") ? "y" : "");
                break;
            }
        }
        if (w.length() > 3 && w.endsWith("e")) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }

    /** A word that can open a "does something" statement: a third-person or past verb. */
    static boolean looksLikeVerb(String word) {
        return IRREGULAR_PAST.contains(word) || (word.length() > 3 && word.matches("[a-z]+(?:s|ed)")
                && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("ous")
                && !Set.of("is", "was", "has", "does", "this", "its", "yes", "always", "sometimes", "perhaps",
                "nights", "weekends", "days", "parents", "kids", "glasses", "news").contains(word));
    }
}

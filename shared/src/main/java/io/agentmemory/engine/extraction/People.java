package io.agentmemory.engine.extraction;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user's people (and pets and things) a conversation has named so far, so "he", "she" and "it" and a bare
 * first name can become the subject of a fact: "My son just started at Oxford, he's studying chemistry" →
 * "Son is studying chemistry"; "How's your sister doing?" "She just had a baby" → "Sister just had a baby".
 */
final class People {

    static final Set<String> MALE = Set.of("brother", "dad", "father", "son", "husband", "boyfriend", "grandfather",
            "grandpa", "nephew", "uncle", "boy", "father-in-law", "stepfather", "fiancé");
    static final Set<String> FEMALE = Set.of("sister", "mum", "mom", "mother", "daughter", "wife", "girlfriend",
            "grandmother", "grandma", "niece", "aunt", "girl", "mother-in-law", "stepmother", "fiancée");
    static final Set<String> NEUTRAL = Set.of("partner", "friend", "colleague", "boss", "manager", "doctor", "gp",
            "kid", "kids", "child", "children", "parents", "baby", "twin", "cousin", "flatmate", "roommate",
            "neighbour", "neighbor", "dog", "cat", "puppy", "kitten", "employer", "team", "landlord", "trainer",
            "coach", "teacher", "family", "knee", "back", "ankle", "shoulder", "car", "flat", "house", "office");

    private static final Pattern POSSESSED = Pattern.compile(
            "\\b(?:my|our|your)\\s+((?:best |twin |little |older |younger |eldest |youngest |new )?([a-z-]+))"
                    + "(?:,?\\s+([A-Z][\\p{L}]+))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern THE_THING = Pattern.compile("\\bhow(?:'s| is) (?:the|your) ([a-z]+)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAMED = Pattern.compile("\\b(?:called|named|me and)\\s+([A-Z][\\p{L}]+)");
    private static final Pattern NAME_LIST = Pattern.compile(
            "\\b(?:dogs|cats|kids|children|sons|daughters|boys|girls),\\s+([A-Z][\\p{L}]+)(?:\\s+and\\s+([A-Z][\\p{L}]+))?");

    private final List<String> referents = new ArrayList<>();
    private final Set<String> names = new LinkedHashSet<>();

    /** Remembers whom a turn names; later turns refer back to the most recent. */
    void learnFrom(String text) {
        Matcher m = POSSESSED.matcher(text);
        while (m.find()) {
            String head = m.group(2).toLowerCase(Locale.ROOT);
            if (isRelation(head)) {
                referents.add(m.group(1).toLowerCase(Locale.ROOT));
                if (m.group(3) != null && Character.isUpperCase(m.group(3).charAt(0))) {
                    names.add(m.group(3));
                }
            }
        }
        Matcher thing = THE_THING.matcher(text);
        while (thing.find()) {
            referents.add(thing.group(1).toLowerCase(Locale.ROOT));
        }
        Matcher named = NAMED.matcher(text);
        while (named.find()) {
            names.add(named.group(1));
        }
        Matcher list = NAME_LIST.matcher(text);
        while (list.find()) {
            names.add(list.group(1));
            if (list.group(2) != null) {
                names.add(list.group(2));
            }
        }
    }

    void learnName(String name) {
        names.add(name);
        referents.add(name);
    }

    static boolean isRelation(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        return MALE.contains(lower) || FEMALE.contains(lower) || NEUTRAL.contains(lower)
                || (lower.endsWith("s") && (MALE.contains(lower.substring(0, lower.length() - 1))
                || FEMALE.contains(lower.substring(0, lower.length() - 1))
                || NEUTRAL.contains(lower.substring(0, lower.length() - 1))));
    }

    boolean isName(String word) {
        return names.contains(word);
    }

    /** The most recent referent a pronoun can stand for: "he" a male or neutral one, "she" a female or neutral one. */
    Optional<String> resolve(String pronoun) {
        String lower = pronoun.toLowerCase(Locale.ROOT);
        for (int i = referents.size() - 1; i >= 0; i--) {
            String referent = referents.get(i);
            String head = referent.substring(referent.lastIndexOf(' ') + 1).toLowerCase(Locale.ROOT);
            boolean fits = switch (lower) {
                case "he" -> !FEMALE.contains(head) && !isThing(head);
                case "she" -> !MALE.contains(head) && !isThing(head);
                case "it" -> isThing(head);
                case "they" -> head.endsWith("s") || head.equals("children");
                default -> false;
            };
            if (fits) {
                return Optional.of(referent);
            }
        }
        return Optional.empty();
    }

    private static boolean isThing(String head) {
        return Set.of("knee", "back", "ankle", "shoulder", "car", "flat", "house", "office").contains(head);
    }
}

package io.agentmemory.engine.extraction;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A sentence the clause rules could not rewrite, kept when it tells something specific of the user's life — a
 * name, a number, a date or a time ("Dad played nine holes of golf on Thursday", "We signed a lease on a
 * two-bedroom in Mount Pleasant") — in the user's own words, with only the person shifted so the memory reads
 * like the others ("I applied for another job" → "They applied for another job", "my knee" → "their knee").
 * Singular "they" keeps the verb as the user said it ("I go" → "they go"); only "am" and "was" change.
 *
 * <p>What the clause rules drop on purpose stays dropped: questions, requests, wishes, hedges, passing states and
 * what is said to or about the other speaker ("you"), and any sentence that names nothing specific ("That was
 * lovely"). Events, plans and the
 * user's people are what such sentences mostly hold, and a question about them is asked with those very names.
 */
final class SpecificStatements {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}'-]+");
    private static final Pattern DIGIT = Pattern.compile("\\d");
    private static final Pattern NUMBER_OR_TIME = Pattern.compile(
            "\\b(?:one|first|second|third|fourth|fifth|half|once|twice|yesterday|tomorrow|weekend|week|month|year|"
                    + "spring|summer|autumn|winter)\\b", Pattern.CASE_INSENSITIVE);
    /** Openings of a request or an instruction, not a statement: "Book me on that", "Look at Horfield". */
    private static final Set<String> IMPERATIVE = Set.of(
            "book", "look", "pick", "let", "let's", "tell", "send", "find", "check", "give", "show", "remind", "add",
            "put", "try", "make", "get", "keep", "imagine", "say", "call", "note", "remember", "ask", "bring", "hold",
            "wait", "stop", "go", "do", "don't", "please", "see", "come", "take", "help", "sort", "plan", "pack",
            "write", "use", "start", "skip", "avoid", "choose", "compare", "suggest", "recommend", "search", "move",
            "cancel", "swap", "switch");
    /** A name after a comma at the end, not after someone's relation ("the best man is my cousin, Oren"). */
    private static final Pattern VOCATIVE = Pattern.compile(
            "(?<!\\b(?:my|our|your|his|her|their)\\s[\\p{L}'-]{1,20}),\\s*\\p{Lu}\\p{L}+\\W*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLEASE = Pattern.compile("^\\W*please\\b", Pattern.CASE_INSENSITIVE);
    /** Openings of a question written without its question mark. */
    private static final Set<String> QUESTION_OPENING = Set.of(
            "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "is", "are", "was", "were", "do",
            "does", "did", "can", "could", "would", "will", "shall", "should", "may", "might", "have", "has", "any");
    private static final Pattern FIRST_PERSON_OR_PERSON = Pattern.compile(
            "\\b(?:i|me|my|mine|myself|we|us|our|ours|ourselves)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern OTHERS_AS_THEY = Pattern.compile("\\b(?:they|them|their|theirs|themselves)\\b", Pattern.CASE_INSENSITIVE);
    /** A wish, a request or an open possibility, not something that is or was: "I'd like to book", "I may have to". */
    private static final Pattern WISH_OR_MAYBE = Pattern.compile("\\b(?:would (?:like|love) to|should|may|might|wonder|unsure)\\b");
    private static final Set<String> FINITE = Set.of(
            "is", "are", "was", "were", "has", "have", "had", "does", "do", "did", "can", "cannot", "could", "will",
            "would", "must", "should", "may", "might", "got", "went", "left", "grew", "met", "made", "took", "am");
    /**
     * A person's name as the subject, its verb right after it: "Ruth has a nut allergy", "Dariusz will be head
     * baker" (not "Tom's": "is" or "has" cannot be told apart, and kept as written it reads as a possessive).
     * Without a list of names, a capitalised opening counts unless it is one of the words a sentence commonly
     * opens with, a gerund or an adverb ("Swimming is", "Finally got").
     */
    private static final Pattern NAMED_SUBJECT = Pattern.compile(
            "^(?!(?:It|This|That|These|Those|There|Here|The|A|An|He|She|They|Which|Who|What|Everything|Everyone|"
                    + "Everybody|Nothing|Nobody|Something|Someone|Somebody|Anything|Anyone|One|Each|Every|All|Both|"
                    + "Some|Most|Many|Much|Another|Other|Such|His|Her|Its|Their|Work|Life|Dinner|Lunch|Breakfast|"
                    + "Today|Tonight|Tomorrow|Yesterday|Weather|Traffic|Mum|Mom|Dad)\\b)"
                    + "[A-Z][\\p{Ll}]+(?<!ing|ly) (?:is|has|was|will|had|can|could|would|does|did|never|always|still)\\b");
    /**
     * A name, not a plural noun, followed by a verb in the past: "Hilde painted the fence", "Greta told me"
     * (a verb in "-s" is left out: "Regular hours" would read as one). Read only where the sentence names no day or
     * month that could open it ("Monday started badly") and its capital is not a common opening, as above.
     */
    private static final Pattern NAMED_SUBJECT_OF_A_VERB = Pattern.compile(
            "^(?!(?:It|This|That|These|Those|There|Here|The|A|An|He|She|They|Which|Who|What|Everything|Everyone|"
                    + "Everybody|Nothing|Nobody|Something|Someone|Somebody|Anything|Anyone|One|Each|Every|All|Both|"
                    + "Some|Most|Many|Much|Another|Other|Such|His|Her|Its|Their|Work|Life|Dinner|Lunch|Breakfast|"
                    + "Today|Tonight|Tomorrow|Yesterday|Weather|Traffic|Mum|Mom|Dad|Monday|Tuesday|Wednesday|"
                    + "Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|"
                    + "October|November|December|Christmas|Easter)\\b)"
                    + "[A-Z][\\p{Ll}]+(?<!ing|ly|s) (?:\\p{Ll}{2,}ed|" + String.join("|", EnglishVerbs.IRREGULAR_PAST) + ")\\b");
    /** The first person turned to the third, in order: whole phrases before single words. */
    private static final List<Map.Entry<Pattern, String>> PERSON_SHIFT = List.of(
            Map.entry(Pattern.compile("\\b(?:I'm|[Ww]e're)\\b"), "they're"),
            Map.entry(Pattern.compile("\\b(?:I|[Ww]e)'(ve|d|ll)\\b"), "they'$1"),
            Map.entry(Pattern.compile("\\bI am\\b"), "they are"),
            Map.entry(Pattern.compile("\\bI was\\b"), "they were"),
            Map.entry(Pattern.compile("\\b(?:myself|ourselves)\\b", Pattern.CASE_INSENSITIVE), "themselves"),
            Map.entry(Pattern.compile("\\b(?:mine|ours)\\b", Pattern.CASE_INSENSITIVE), "theirs"),
            Map.entry(Pattern.compile("\\b(?:my|our)\\b", Pattern.CASE_INSENSITIVE), "their"),
            Map.entry(Pattern.compile("\\b(?:me|us)\\b"), "them"),
            Map.entry(Pattern.compile("\\b(?:I|we|We)\\b"), "they"));
    /** Past participles alone make no statement: "First week at the new job done". */
    private static final Set<String> PARTICIPLES = Set.of(
            "been", "done", "gone", "seen", "taken", "given", "eaten", "flown", "grown", "known", "written", "driven",
            "ridden", "born", "forgotten", "chosen", "spoken", "begun", "swum", "drunk", "sung", "worn", "torn", "stolen");
    /** A statement has its verb near the start; a list of names and dates does not. */
    private static final int VERB_WITHIN = 8;
    private static final int WORDS_MIN = 4;
    private static final int WORDS_MAX = 45;

    private SpecificStatements() {
    }

    /**
     * The sentence as a memory, or nothing when it is not a specific statement about the speaker's life. Another
     * person's statement names them ({@link NamedPersonShift}), or is kept under their name when it has no first
     * person to put the name in ("Leo: The city inspection is done").
     */
    static Optional<String> keep(String sentence, boolean dated, Speaker speaker) {
        // Read with contractions spelled out; kept with only the certain ones spelled out ("She's always wanted to"
        // is not "She is always wanted to").
        String text = ClauseRewriter.withoutLabel(ClauseRewriter.clean(sentence));
        String written = ClauseRewriter.withoutLabel(ClauseRewriter.trim(ClauseRewriter.expandCertainContractions(
                sentence.replace('\u2019', '\''))));
        List<String> words = WORD.matcher(text).results().map(java.util.regex.MatchResult::group).toList();
        if (words.size() < WORDS_MIN || words.size() > WORDS_MAX || text.contains("?")
                || ClauseRewriter.saysNothingLasting(text) || WISH_OR_MAYBE.matcher(text).find()) {
            return Optional.empty();
        }
        String first = words.get(0).toLowerCase(Locale.ROOT);
        // "Please: something quiet near the station" asks, though its "Please:" is trimmed off as a label.
        if (IMPERATIVE.contains(first) || QUESTION_OPENING.contains(first) || PLEASE.matcher(sentence).find()) {
            return Optional.empty();
        }
        boolean firstPerson = FIRST_PERSON_OR_PERSON.matcher(text).find();
        // A statement about someone else opens with a capital as said, before a word like "Also," is trimmed off.
        // This and a name as the subject are read in the user's turns only: in another person's, their account of
        // third people would be kept under their name and crowd out their own news.
        boolean capitalAsSaid = speaker.isUser() && opensWithCapital(sentence);
        // After a label the statement starts afresh: "Reminder: the show is next Friday" opens like "The show is".
        boolean afterLabel = !ClauseRewriter.withoutLabel(ClauseRewriter.clean(sentence)).equals(ClauseRewriter.clean(sentence));
        if (!firstPerson && !Character.isUpperCase(words.get(0).charAt(0)) && !capitalAsSaid && !afterLabel) {
            return Optional.empty();
        }
        // "They'd like me to start in July": with the user shifted to "they" too, who is who would be lost.
        if (firstPerson && OTHERS_AS_THEY.matcher(text).find()) {
            return Optional.empty();
        }
        // A name as the subject is matched as written: "Tom's coming" is read as "Tom is coming" but kept as written.
        boolean namedSubject = speaker.isUser() && (NAMED_SUBJECT.matcher(written).find()
                || NAMED_SUBJECT_OF_A_VERB.matcher(written).find());
        if (!(dated || namedSubject || specific(text, words))
                || words.stream().limit(VERB_WITHIN).noneMatch(SpecificStatements::finite)) {
            return Optional.empty();
        }
        if (!speaker.isUser()) {
            return Optional.of(firstPerson ? NamedPersonShift.shift(written, speaker)
                    : speaker.quoting(ClauseRewriter.capitalize(written)));
        }
        String shifted = written;
        for (Map.Entry<Pattern, String> shift : PERSON_SHIFT) {
            shifted = shift.getKey().matcher(shifted).replaceAll(shift.getValue());
        }
        return Optional.of(ClauseRewriter.capitalize(shifted));
    }

    private static boolean opensWithCapital(String sentence) {
        String said = sentence.strip();
        return !said.isEmpty() && Character.isUpperCase(said.charAt(0));
    }

    /** Whether the sentence opens like a request or an instruction: "Don't tell Mum", "Move it to Monday". */
    static boolean opensWithRequest(String sentence) {
        return WORD.matcher(sentence.replace('\u2019', '\'')).results().findFirst()
                .map(first -> IMPERATIVE.contains(first.group().toLowerCase(Locale.ROOT))).orElse(false);
    }

    /**
     * Whether the sentence has a verb near its start that is surely one, as a statement does and a list of names and
     * numbers does not: a word in "-s" is not taken for a verb here ("40,000 miles").
     */
    static boolean hasCertainVerb(String sentence) {
        return WORD.matcher(sentence).results().map(java.util.regex.MatchResult::group).limit(VERB_WITHIN)
                .anyMatch(SpecificStatements::surelyFinite);
    }

    /** A name (a capital after the first word), a number, or a time. */
    private static boolean specific(String text, List<String> words) {
        if (DIGIT.matcher(text).find() || SpecificDetails.NUMBER_WORD.matcher(text).find()
                || NUMBER_OR_TIME.matcher(text).find()) {
            return true;
        }
        // A name called at the end ("That's brilliant, Sam") is whom the sentence is said to, not what it tells.
        int named = VOCATIVE.matcher(text).find() ? words.size() - 1 : words.size();
        return words.stream().limit(named).skip(1)
                .anyMatch(w -> Character.isUpperCase(w.charAt(0)) && !w.equals("I") && !w.startsWith("I'"));
    }

    private static boolean finite(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        return surelyFinite(word)
                || (lower.length() > 3 && lower.endsWith("s") && !lower.endsWith("ss") && !lower.endsWith("'s") && !lower.endsWith("us"));
    }

    private static boolean surelyFinite(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (word.equals("May")) {
            return false;
        }
        return FINITE.contains(lower) || (EnglishVerbs.isPastForm(lower) && !PARTICIPLES.contains(lower));
    }
}

package io.agentmemory.engine.extraction;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A first-person statement by another person in the conversation, turned to the third person with their name as
 * the subject, so the memory says whose news it is: Leo's "I start at the bakery on Monday" → "Leo starts at the
 * bakery on Monday", "My sister got married in June" → "Leo's sister got married in June". Unlike the user's own
 * statements, which read well with a bare "they", a name takes the verb's third-person form ("I go" → "Leo goes").
 */
final class NamedPersonShift {

    /**
     * "My wife and I both work": a compound subject, whose verb already agrees with the name in it. After a comma
     * "and I" opens a clause of its own ("The aquarium has an opening, and I'm applying"), whose verb takes the name's form.
     */
    private static final Pattern COMPOUND_I = Pattern.compile("(?<!,)\\s(and|or) I\\b");
    private static final Pattern I_THEN_VERB = Pattern.compile("\\bI((?:\\s+(?:" + String.join("|", EnglishVerbs.ADVERBS)
            + "))*)\\s+([A-Za-z-]+)\\b");
    private static final Pattern I = Pattern.compile("\\bI\\b");
    private static final Pattern POSSESSIVE = Pattern.compile("\\b(?:my|our)\\b", Pattern.CASE_INSENSITIVE);
    /** The first word that stands for the speaker when no "I" does: "Bangor offered me the job", "My sister". */
    private static final Pattern FIRST_REFERENCE = Pattern.compile("\\b(?:[Mm]y|[Oo]ur|me|mine)\\b");
    private static final Pattern OWN = Pattern.compile("\\b(?:mine|ours)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern REFLEXIVE = Pattern.compile("\\b(?:myself|ourselves)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern OBJECT = Pattern.compile("\\b(?:me|us)\\b");
    private static final Pattern WE = Pattern.compile("\\b(?:we|We)\\b");

    private NamedPersonShift() {
    }

    /**
     * {@code statement}, with its certain contractions spelled out, said by {@code speaker} about themselves; kept
     * under their name when no "I" or "my" takes it ("We're buying a house" → "Leo: They are buying a house").
     */
    static String shift(String statement, Speaker speaker) {
        String name = speaker.name();
        boolean past = ClauseRewriter.pastContext(statement);
        String text = COMPOUND_I.matcher(statement).replaceAll(" $1 " + Matcher.quoteReplacement(name));
        text = I_THEN_VERB.matcher(text).replaceAll(said -> {
            String verb = said.group(2);
            boolean conjugable = verb.equals(verb.toLowerCase(Locale.ROOT)) && !EnglishVerbs.ADVERBS.contains(verb)
                    && !verb.equals("cannot");
            String form = conjugable ? EnglishVerbs.thirdPerson(verb, past) : verb;
            return Matcher.quoteReplacement(name + said.group(1) + " " + form);
        });
        text = I.matcher(text).replaceAll(Matcher.quoteReplacement(name));
        if (!text.contains(name)) {
            // "My sister got married", "Bangor offered me the job": the name where the speaker is first meant; a
            // "their" or "them" after it reads back to the name.
            text = FIRST_REFERENCE.matcher(text).replaceFirst(reference -> Matcher.quoteReplacement(
                    reference.group().equals("me") ? name : name + "'s"));
        }
        text = POSSESSIVE.matcher(text).replaceAll("their");
        text = OWN.matcher(text).replaceAll("theirs");
        text = REFLEXIVE.matcher(text).replaceAll("themselves");
        text = OBJECT.matcher(text).replaceAll("them");
        text = ClauseRewriter.capitalize(WE.matcher(text).replaceAll("they"));
        return text.contains(name) ? text : speaker.quoting(text);
    }
}

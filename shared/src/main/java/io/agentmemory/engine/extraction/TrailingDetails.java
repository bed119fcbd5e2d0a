package io.agentmemory.engine.extraction;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A verbless fragment after a statement, giving its specifics: "Our offer on the flat was accepted! £212,000." or
 * "I bought a van on Friday. 2019, 40,000 miles, for $18,000." The fragment alone says nothing a memory can hold,
 * but it is often what a question asks for (how much, which year), so it is added to the statement it completes:
 * "Their offer on the flat was accepted: £212,000".
 */
final class TrailingDetails {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}'-]+");
    /** Longer than this, a verbless stretch is more likely a list of things said to the other speaker. */
    private static final int WORDS_MAX = 12;
    private static final Pattern ADDRESSES_SOMEONE = Pattern.compile("\\b(?:you|your|yours|i|me|my|we|us|our)\\b",
            Pattern.CASE_INSENSITIVE);

    /**
     * A short sentence about "it" or "that" giving a number: "It's £640 for the week", "That was £40 each". Its "it" is
     * the statement before it, which it completes as a fragment does; alone it does not say what costs £640.
     */
    private static final Pattern ABOUT_THE_STATEMENT_BEFORE = Pattern.compile(
            "^(?:it|that)(?:'s|\\s+(?:is|was|costs|cost|comes to|came to|takes|took))\\s", Pattern.CASE_INSENSITIVE);
    private static final int ABOUT_IT_WORDS_MAX = 8;

    private TrailingDetails() {
    }

    /** The statement with a short "it is <number>" sentence after it added, or nothing when the sentence is not one. */
    static Optional<String> appendAboutIt(String statement, String sentence) {
        String said = ClauseRewriter.trim(sentence);
        if (!ABOUT_THE_STATEMENT_BEFORE.matcher(said).find() || said.contains("?")
                || WORD.matcher(said).results().count() > ABOUT_IT_WORDS_MAX || ADDRESSES_SOMEONE.matcher(said).find()
                || SpecificDetails.of(said).isEmpty()) {
            return Optional.empty();
        }
        // Its "'s" is "is" but for "'s been" or "'s got": "it's £640" reads "it is £640".
        String spelled = said.replaceFirst("^(?i)(it|that)'s (?!(?:been|got|had|gone)\\b)", "$1 is ");
        return Optional.of(statement + ": " + Character.toLowerCase(spelled.charAt(0)) + spelled.substring(1));
    }

    /** The statement with the fragment added, or nothing when the sentence after it is not such a fragment. */
    static Optional<String> append(String statement, String sentence) {
        String fragment = ClauseRewriter.trim(sentence);
        long words = WORD.matcher(fragment).results().count();
        if (words == 0 || words > WORDS_MAX || fragment.contains("?") || ADDRESSES_SOMEONE.matcher(fragment).find()
                || SpecificDetails.of(fragment).isEmpty() || SpecificStatements.hasCertainVerb(fragment)
                || SpecificStatements.opensWithRequest(fragment)) {
            return Optional.empty();
        }
        return Optional.of(statement + ": " + fragment);
    }
}

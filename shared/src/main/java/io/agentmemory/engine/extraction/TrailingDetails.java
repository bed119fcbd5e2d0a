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

    private TrailingDetails() {
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

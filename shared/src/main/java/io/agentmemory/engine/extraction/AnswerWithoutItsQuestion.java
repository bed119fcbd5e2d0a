package io.agentmemory.engine.extraction;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A user's turn that opens with a verbless answer naming something specific ("Senior designer at a studio in
 * Bristol. Flexible hours, mostly from home."), sent without the question it answers: an agent that adds one turn at a time
 * sends "What's the role?" in the add before. The rules cannot say what the answer is about, so nothing else of
 * the turn becomes a fact; its words are what a later question asks for ("What job did she take?"), so the turn
 * is kept as the user said it, as a turn in another language is. With the question in the same add, the answer
 * is completed from it instead ({@link ShortAnswers}).
 */
final class AnswerWithoutItsQuestion {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;])\\s+|\\n+");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}'-]+");
    /** Words to or about the other speaker, or the user's own "I": a remark in the conversation, not an answer. */
    private static final Pattern ADDRESSES_SOMEONE = Pattern.compile(
            "\\b(?:you|your|yours|i|i'm|i've|i'd|i'll|me|my|we|we're|us|our)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern VOCATIVE = Pattern.compile(",\\s*\\p{Lu}\\p{L}+$");
    /** An answer of a few words to a couple of sentences; longer, a turn is more than an answer. */
    private static final int WORDS_MIN = 3;
    private static final int WORDS_MAX = 30;

    private AnswerWithoutItsQuestion() {
    }

    /** The turn as said, or nothing when it does not open with a specific verbless answer. */
    static Optional<String> keep(String turn) {
        String said = turn.strip();
        long words = WORD.matcher(said).results().count();
        if (words < WORDS_MIN || words > WORDS_MAX || said.contains("?") || ADDRESSES_SOMEONE.matcher(said.replace('\u2019', '\'')).find()) {
            return Optional.empty();
        }
        String opening = SENTENCE_END.split(said)[0];
        // A name after a comma at the end calls someone ("Nice one, Sam"): it is not what the answer names.
        String first = VOCATIVE.matcher(ClauseRewriter.trim(opening)).replaceFirst("");
        if (WORD.matcher(first).results().count() < WORDS_MIN || SpecificDetails.of(first).isEmpty()
                || SpecificStatements.hasCertainVerb(first) || SpecificStatements.opensWithRequest(first)
                || SpecificStatements.opensWithRequest(opening)
                || ClauseRewriter.saysNothingLasting(first)) {
            return Optional.empty();
        }
        return Optional.of(said);
    }
}

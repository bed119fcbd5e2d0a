package io.agentmemory.engine.extraction;

import io.agentmemory.engine.api.Message;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deterministic default extractor: keeps what the user states about themselves and their people, places,
 * plans and possessions, rewritten as short third-person facts ("I recently moved to Lyon" → "Recently moved to
 * Lyon", "My sister lives in Berlin" → "Sister lives in Berlin"). The user's own turns carry facts, and so do those
 * of another person in the conversation, named by the message's {@code name} (a friend's news is part of the user's
 * world): theirs name them ("I start at the bakery on Monday" from Leo → "Leo starts at the bakery on Monday"). An
 * AI assistant's turns are context only: the assistant's question before a short answer supplies what the answer
 * leaves out ("Do you have kids?" "Yes, two." → "Has two kids"). A relative time ("next month", "in two weeks",
 * "on Saturday") is resolved against the conversation's {@code observedAt} into the fact's
 * {@link ExtractedFact#date() date}.
 *
 * <p>It is deliberately conservative: questions, requests, greetings, hedges and passing states are dropped, and
 * a statement it cannot rewrite confidently is left out rather than stored garbled. A turn in another language
 * than English is kept verbatim, in the user's own words, since the rewriting rules only know English.
 * Deployments that need more recall configure the Bedrock extractor ({@code FACT_EXTRACTOR=bedrock}), which
 * falls back to this one when the model's answer cannot be used.
 */
public final class RuleBasedFactExtractor implements FactExtractor {

    /** More than this from one request is almost certainly a pasted document, not a conversation about the user. */
    public static final int FACTS_MAX = 20;

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;])\\s+|\\n+");
    private static final Pattern JOIN = Pattern.compile("(,\\s*(?:and|but|so|then)?\\s+|\\s+(?:and|but|so)\\s+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SUBJECT_START = Pattern.compile(
            "^(?:i|i'm|i've|i'd|i'll|we|we're|we've|we'll|we'd|my|our|he|she|he's|she's)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern STATEMENT_THEN_QUESTION = Pattern.compile(
            "^(.{12,}?),\\s+((?:is|are|was|were|will|would|does|do|did|can|could|should|any|what|how)\\b[^,]*\\?)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CONDITION = Pattern.compile(
            "^(?:\\W*)(?:if|when|whether|unless|since|because|before|after|once|so|and|but|or)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME_THEN_VERB = Pattern.compile("^([A-Z][\\p{L}]+)\\s+(?:is|has|was|'s|\\w+s|\\w+ed)\\b");

    @Override
    public List<String> extract(List<Message> messages) {
        return extractFacts(ExtractionRequest.of(messages)).stream().map(ExtractedFact::text).toList();
    }

    @Override
    public List<ExtractedFact> extractFacts(ExtractionRequest request) {
        LocalDate today = LocalDate.ofInstant(request.observedAtOrNow(), ZoneOffset.UTC);
        People people = new People();
        Message previous = null;
        for (Message earlier : request.earlierTurns()) {
            learn(people, earlier);
            previous = earlier;
        }
        Map<String, ExtractedFact> facts = new LinkedHashMap<>();
        for (Message message : request.messages()) {
            Optional<Speaker> speaker = Speaker.of(message);
            if (speaker.isPresent() && message.content() != null) {
                // Only the user's short answers are completed from the question before them ("Do you have kids?" "Two.").
                boolean answersQuestion = speaker.get().isUser() && previous != null && "assistant".equals(previous.role())
                        && previous.content() != null;
                String question = answersQuestion ? ShortAnswers.questionIn(previous.content()).orElse(null) : null;
                learn(people, message);
                // Nothing before it in the request: a question it answers, if any, was sent in an earlier add.
                boolean firstOfRequest = previous == null;
                for (ExtractedFact fact : factsInTurn(message.content(), question, firstOfRequest, people, today, speaker.get())) {
                    facts.putIfAbsent(TextNormalizer.key(fact.text()), fact.withSource(message.content()));
                    if (facts.size() == FACTS_MAX) {
                        return List.copyOf(facts.values());
                    }
                }
            } else {
                learn(people, message);
            }
            previous = message;
        }
        return List.copyOf(facts.values());
    }

    private static void learn(People people, Message message) {
        if (message.content() != null) {
            people.learnFrom(message.content());
        }
    }

    private static List<ExtractedFact> factsInTurn(String content, String question, boolean firstOfRequest,
                                                   People people, LocalDate today, Speaker speaker) {
        String turn = content.strip();
        if (turn.isEmpty()) {
            return List.of();
        }
        if (Languages.isNotEnglish(turn)) {
            return turn.contains("?") ? List.of() : List.of(ExtractedFact.undated(speaker.quoting(turn)));
        }
        ClauseRewriter rewriter = new ClauseRewriter(people, speaker);
        List<ExtractedFact> own = new ArrayList<>();
        for (String sentence : SENTENCE_END.split(turn)) {
            String text = statementBeforeQuestion(sentence.strip());
            if (text.isEmpty() || text.endsWith("?")) {
                continue;
            }
            Optional<String> sentenceDate = RelativeDates.dateOf(text, today);
            List<ExtractedFact> rewritten = new ArrayList<>();
            for (String clause : clauses(text, people)) {
                Optional<String> fact = rewriter.rewrite(clause, sentenceDate.isPresent());
                if (fact.isPresent()) {
                    String date = RelativeDates.dateOf(clause, today).or(() -> sentenceDate).orElse(null);
                    rewritten.add(new ExtractedFact(fact.get(), date, null));
                }
            }
            // A rewrite that drops a number or a name drops what a question would ask for: the user's words keep it.
            // An answer's details ("Two, my husband's coming too") are the question's, completed below. Another
            // person's sentences keep their rewrite: kept whole, their account of others crowds out their own news.
            boolean losesDetail = speaker.isUser() && question == null
                    && !SpecificDetails.keptIn(text, rewritten.stream().map(ExtractedFact::text).toList());
            Optional<String> inOwnWords = rewritten.isEmpty() || losesDetail
                    ? SpecificStatements.keep(text, sentenceDate.isPresent(), speaker) : Optional.empty();
            Optional<String> completed = own.isEmpty() ? Optional.empty()
                    : TrailingDetails.appendAboutIt(own.get(own.size() - 1).text(), text);
            if (completed.isPresent()) {
                int last = own.size() - 1;
                own.set(last, new ExtractedFact(completed.get(), own.get(last).date(), null));
            } else if (inOwnWords.isPresent()) {
                own.add(new ExtractedFact(inOwnWords.get(), sentenceDate.orElse(null), null));
            } else if (rewritten.isEmpty() && !own.isEmpty()) {
                // Whoever said it, a fragment after a statement holds its specifics ("I got a job! Sous-chef in
                // Leith."). Alone, another person's fragments ("Classic Dad.") are kept by no rule: too many say nothing.
                int last = own.size() - 1;
                TrailingDetails.append(own.get(last).text(), text).ifPresent(longer ->
                        own.set(last, new ExtractedFact(longer, own.get(last).date(), null)));
            } else {
                own.addAll(rewritten);
            }
        }
        if (own.isEmpty() && question == null && firstOfRequest && speaker.isUser()) {
            AnswerWithoutItsQuestion.keep(turn).ifPresent(said -> own.add(ExtractedFact.undated(said)));
        }
        List<ExtractedFact> facts = new ArrayList<>();
        if (question != null) {
            new ShortAnswers(people).answer(question, turn, !own.isEmpty()).ifPresent(answer ->
                    facts.add(new ExtractedFact(answer, RelativeDates.dateOf(answer + ". " + turn, today).orElse(null), null)));
        }
        facts.addAll(own);
        return facts;
    }

    /**
     * The statement a question is tacked onto ("Mia is allergic to nuts, is that a problem?" → "Mia is allergic to
     * nuts"): the user states a fact and asks about it in one breath. A condition before the question ("If we land
     * at 9, can we make it?") states nothing, so such a sentence stays a question.
     */
    static String statementBeforeQuestion(String sentence) {
        Matcher tagged = STATEMENT_THEN_QUESTION.matcher(sentence);
        return tagged.matches() && !CONDITION.matcher(tagged.group(1)).find() ? tagged.group(1) : sentence;
    }

    /** Splits a sentence where a new clause with its own subject starts: "I'm 29, I work in marketing and I live in Clichy". */
    static List<String> clauses(String sentence, People people) {
        List<String> clauses = new ArrayList<>();
        Matcher join = JOIN.matcher(sentence);
        int start = 0;
        while (join.find()) {
            String remainder = sentence.substring(join.end());
            boolean subject = SUBJECT_START.matcher(remainder).find();
            Matcher name = NAME_THEN_VERB.matcher(remainder);
            boolean namedSubject = name.find() && people.isName(name.group(1));
            boolean fronted = join.group(1).toLowerCase(java.util.Locale.ROOT).contains("but")
                    && remainder.matches("(?i)^(?:[\\p{L}0-9'-]+\\s+){1,4}(?:i|we)\\b.*");
            // "My wife and I both work": a compound subject, not two clauses.
            boolean compound = remainder.matches("(?i)^i\\b.*") && join.group(1).strip().equalsIgnoreCase("and")
                    && sentence.substring(start, join.start()).matches("(?i)^(?:my|our)\\s+(?:\\S+\\s*){1,3}$");
            if ((subject || namedSubject || fronted) && !compound) {
                clauses.add(sentence.substring(start, join.start()));
                start = join.end();
            }
        }
        clauses.add(sentence.substring(start));
        return clauses;
    }
}

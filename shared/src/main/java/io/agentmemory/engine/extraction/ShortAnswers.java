package io.agentmemory.engine.extraction;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a short answer together with the assistant's question before it: "Do you have kids?" "Yes, two." →
 * "Has two kids"; "Where are you based?" "Rotterdam." → "Is based in Rotterdam"; "Window or aisle?" "Aisle,
 * always." → "Always prefers aisle". The question supplies the statement, the answer its polarity and the
 * missing piece. Only questions about the user or their people count: "Should I book for two?" is about the
 * assistant's next step, and its answer is not a fact.
 */
final class ShortAnswers {

    enum Polarity { YES, NO, NO_LONGER, NONE }

    private static final Pattern NO_LONGER = Pattern.compile(
            "^(?:not anymore|not any more|no longer|not since|not these days)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NO = Pattern.compile(
            "^(?:no|nope|nah|not really|never|neither|none)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern YES = Pattern.compile(
            "^(?:yes|yeah|yep|yup|sure|correct|that's right|that is right|exactly|definitely|of course|absolutely"
                    + "|i do|i am|i have|i did|right)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern POLARITY_WORDS = Pattern.compile(
            "^(?:(?:not anymore|not any more|no longer|not since|not these days|not really|yes please|yes|yeah|yep|yup|sure"
                    + "|correct|that's right|that is right|exactly|definitely|of course|absolutely"
                    + "|right|no|nope|nah|never|please|actually|well|oh|hmm)\\b[,!.\\s]*)+", Pattern.CASE_INSENSITIVE);
    private static final Pattern OWN_CLAUSE = Pattern.compile(
            ",?\\s+(?:and |but |so )?(?:i|we|my|our|he|she|it|they)\\b.*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern TRAILING_ADVERB = Pattern.compile(
            ",?\\s+(always|mostly|usually|never|obviously|actually|hands down|anyway|please|thanks)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern COUNT = Pattern.compile(
            "^(?:one|two|three|four|five|six|seven|eight|nine|ten|\\d+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern FREQUENCY = Pattern.compile(
            "^(?:once|twice|\\w+ times|many times|a few times|loads of times|a couple of times)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ABOUT_THE_ASSISTANT = Pattern.compile(
            "\\b(?:should|shall|can|could|may) i\\b|^(?:do you want me|would you like me|shall we)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEDGE = Pattern.compile(
            "\\b(?:maybe|perhaps|probably|possibly|not sure|i think|i guess|might)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern CLAUSE_LIKE = Pattern.compile(
            "^(?:\\S+\\s+){1,2}(?:is|are|was|were|has|have|had|does|did|will|can|cannot)\\b|^\\p{Lu}\\p{L}+ \\p{Ll}+s\\b");
    private static final Pattern CUT_OBJECT = Pattern.compile(
            "\\s+(?:i|you|that|which|or|to add|for you)\\b.*$|,.*$", Pattern.CASE_INSENSITIVE);

    private final People people;

    ShortAnswers(People people) {
        this.people = people;
    }

    /** The question in an assistant's turn that an answer responds to: its last question, without a trailing aside. */
    static Optional<String> questionIn(String assistantTurn) {
        String[] sentences = assistantTurn.replace('\u2019', '\'').strip().split("(?<=[.!?])\\s+");
        for (int i = sentences.length - 1; i >= 0; i--) {
            if (sentences[i].endsWith("?")) {
                String question = sentences[i].substring(0, sentences[i].length() - 1)
                        .replaceFirst("(?i),?\\s+or (?:should|shall|can|could|do|would|are|is) (?:i|you|we)\\b.*$", "");
                return Optional.of(ClauseRewriter.expandContractions(question).strip());
            }
        }
        return Optional.empty();
    }

    /**
     * The fact a question and its answer state together, if the question is one of the shapes understood.
     * {@code answerHasOwnClause}: the answer also says something in a clause of its own ("No, I left in March"),
     * which is then the real answer, so a bare yes/no statement is not added beside it.
     */
    Optional<String> answer(String question, String answerTurn, boolean answerHasOwnClause) {
        if (ABOUT_THE_ASSISTANT.matcher(question).find()) {
            return Optional.empty();
        }
        String first = answerTurn.replace('\u2019', '\'').strip().split("(?<=[.!?])\\s+")[0];
        Polarity polarity = polarityOf(first);
        String fragment = POLARITY_WORDS.matcher(first).replaceFirst("");
        fragment = fragment.replaceAll("[\\s.!?;,:]+$", "");
        if (ClauseRewriter.startsWithSubject(fragment)) {
            fragment = "";
        }
        String whole = fragment;
        fragment = OWN_CLAUSE.matcher(fragment).replaceFirst("");
        String adverb = "";
        Matcher trailing = TRAILING_ADVERB.matcher(fragment);
        if (trailing.find()) {
            String word = trailing.group(1).toLowerCase(Locale.ROOT);
            adverb = word.matches("always|mostly|usually|never") ? word + " " : "";
            fragment = fragment.substring(0, trailing.start());
        }
        fragment = fragment.strip();
        if (CLAUSE_LIKE.matcher(fragment).find()) {
            // "Sami wakes up twice a night": a statement of its own, not the piece the question leaves open.
            fragment = "";
            whole = "";
        }
        if (HEDGE.matcher(first).find()) {
            return Optional.empty();
        }
        if (polarity == Polarity.NONE && fragment.isEmpty()) {
            return Optional.empty();
        }
        if (answerHasOwnClause && fragment.isEmpty() && (polarity == Polarity.NO || polarity == Polarity.NONE)
                && !question.matches("(?i).*\\bstill\\b.*")) {
            return Optional.empty();
        }
        String q = question.replaceFirst("(?i)^(?:so|and|ok|okay|great|sure|and so)[,]?\\s+", "");
        return statement(q, polarity, fragment, whole, adverb, answerHasOwnClause)
                .map(ShortAnswers::secondToThirdPerson)
                .map(ClauseRewriter::toThirdPersonObjects)
                .map(text -> ClauseRewriter.capitalize(text.replaceAll("\\s+", " ").strip()));
    }

    /** The question speaks to the user: "your parents" in it is "their parents" in the fact. */
    private static String secondToThirdPerson(String text) {
        return text.replaceAll("(?i)\\byourself\\b", "themselves").replaceAll("(?i)\\byours\\b", "theirs")
                .replaceAll("(?i)\\byour\\b", "their").replaceAll("(?i)\\byou\\b", "them");
    }

    private Optional<String> statement(String q, Polarity polarity, String fragment, String whole, String adverb, boolean ownClause) {
        Matcher m;
        boolean yes = polarity == Polarity.YES;
        boolean no = polarity == Polarity.NO;
        boolean noLonger = polarity == Polarity.NO_LONGER || (no && q.matches("(?i).*\\bstill\\b.*"));
        boolean hasFragment = !fragment.isEmpty();
        if ((m = match("^(?:.*\\bthat )?you (are|have) (.+)$", q)).matches() && !q.matches("(?i)^(?:do|are|have|did|would|will).*")) {
            return yes ? Optional.of((m.group(1).equalsIgnoreCase("are") ? "Is " : "Has ") + m.group(2)) : Optional.empty();
        }
        if ((m = match("^(?:do|would) you (?:want|like) me to remember that you (are|have) (.+)$", q)).matches()) {
            return yes ? Optional.of((m.group(1).equalsIgnoreCase("are") ? "Is " : "Has ") + m.group(2)) : Optional.empty();
        }
        if (hasFragment && q.matches("(?i).*\\b\\w+ or \\w+.*") && (m = match("^(?:(?:do|would) you (?:prefer|like|want) )?(?:are you more of )?(.+?) or (.+)$", q)).matches()) {
            return Optional.of(adverb + "prefers " + preferred(fragment, m.group(1), m.group(2)));
        }
        if ((m = match("^do you have (?:any )?(.+)$", q)).matches()) {
            String object = cut(m.group(1));
            if (noLonger) {
                return Optional.of("no longer has " + object);
            }
            if (no) {
                return ownClause ? Optional.empty() : Optional.of("has no " + withoutArticle(object));
            }
            if (COUNT.matcher(fragment).matches()) {
                return Optional.of("has " + fragment.toLowerCase(Locale.ROOT) + " " + withoutArticle(object));
            }
            return Optional.of("has " + object + (hasFragment ? " (" + fragment + ")" : ""));
        }
        if ((m = match("^do you (still |usually |ever |often |normally )?(\\w+)(?: (.+?))?(?: these days| at the moment)?$", q)).matches()
                && !m.group(2).matches("(?i)mind|need|want|know|think")
                && !EnglishVerbs.ADVERBS.contains(m.group(2).toLowerCase(Locale.ROOT))) {
            String verb = m.group(2);
            String object = m.group(3) == null ? "" : " " + cut(m.group(3));
            if (noLonger) {
                return Optional.of("no longer " + third(verb) + object);
            }
            if (no) {
                return ownClause && hasFragment ? Optional.empty() : Optional.of("does not " + verb + object);
            }
            return Optional.of(adverb + third(verb) + (hasFragment ? " " + fragment : object));
        }
        if ((m = match("^does your (\\w+) (\\w+)(?: (.+))?$", q)).matches()) {
            String object = m.group(3) == null ? "" : " " + cut(m.group(3));
            if (no || noLonger) {
                return Optional.of(m.group(1) + (noLonger ? " no longer " + third(m.group(2)) : " does not " + m.group(2)) + object);
            }
            return Optional.of(m.group(1) + " " + third(m.group(2)) + (hasFragment ? " " + fragment : object));
        }
        if ((m = match("^(?:are|were) you (still )?(.+)$", q)).matches() && !m.group(2).matches("(?i)(?:sure|ok|okay|ready|happy).*")) {
            String complement = m.group(2);
            if (noLonger) {
                return Optional.of("is no longer " + complement);
            }
            if (no) {
                return ownClause ? Optional.empty() : Optional.of("is not " + complement);
            }
            if (hasFragment && !yes) {
                return Optional.of("is " + (complement.matches("(?i).*\\bany\\b.*") ? complement.replaceFirst("(?i)\\bany\\b.*$", fragment) : fragment));
            }
            return Optional.of("is " + (m.group(1) == null ? "" : "still ") + complement);
        }
        if ((m = match("^is your (\\w+) (still )?(.+)$", q)).matches()) {
            if (noLonger) {
                return Optional.of(m.group(1) + " is no longer " + m.group(3));
            }
            return yes ? Optional.of(m.group(1) + " is " + (m.group(2) == null ? "" : "still ") + m.group(3)) : Optional.empty();
        }
        if ((m = match("^have you (ever )?(\\w+) (.+?)(?: before| yet)?$", q)).matches()) {
            String done = m.group(2) + " " + m.group(3);
            if (no) {
                return ownClause ? Optional.empty() : Optional.of("has never " + done);
            }
            if (FREQUENCY.matcher(fragment).matches()) {
                return Optional.of("has " + done + " " + fragment.toLowerCase(Locale.ROOT));
            }
            return Optional.of("has " + done + (hasFragment ? " (" + fragment + ")" : ""));
        }
        if ((m = match("^did you (\\w+)(.*)$", q)).matches()) {
            return yes ? Optional.of(past(m.group(1)) + m.group(2)) : Optional.empty();
        }
        if (!hasFragment) {
            return Optional.empty();
        }
        return whQuestion(q, fragment, whole, adverb);
    }

    private Optional<String> whQuestion(String q, String fragment, String whole, String adverb) {
        Matcher m;
        if (match("^where is home(?: these days| now)?$", q).matches()) {
            return Optional.of("home is " + fragment);
        }
        if ((m = match("^where are you (based|from|living|staying)(?: these days| now)?$", q)).matches()) {
            String verb = m.group(1).toLowerCase(Locale.ROOT);
            return Optional.of("is " + verb + (verb.equals("from") ? " " : " " + preposition(fragment)) + fragment);
        }
        if ((m = match("^where (do|did|would|will) you (\\w+)(?: (.+?))?(?: these days| now)?$", q)).matches()) {
            String aux = m.group(1).toLowerCase(Locale.ROOT);
            String verb = switch (aux) {
                case "did" -> past(m.group(2));
                case "would", "will" -> aux + " " + m.group(2);
                default -> third(m.group(2));
            };
            String particle = m.group(3) == null ? "" : " " + m.group(3);
            String prep = particle.matches("(?i).*\\b(?:from|to|in|at|up)$") && !particle.endsWith("up") ? " " : " " + preposition(fragment);
            return Optional.of(verb + particle + prep + fragment);
        }
        if ((m = match("^where does your (\\w+) (\\w+)(?: (.+?))?(?: these days| now)?$", q)).matches()) {
            return Optional.of(m.group(1) + " " + third(m.group(2)) + " " + preposition(fragment) + fragment);
        }
        if ((m = match("^which (?:part|area|city|town|neighbourhood|neighborhood|bit) of [\\w ]+ do you (\\w+)(?: in)?$", q)).matches()) {
            return Optional.of(third(m.group(1)) + " " + preposition(fragment) + fragment);
        }
        if (match("^what do you do(?: for a living| for work)?$", q).matches()) {
            return Optional.of("works as " + withArticle(fragment));
        }
        if ((m = match("^what time do you (usually |normally )?(\\w+)(?: (.+))?$", q)).matches()) {
            return Optional.of((m.group(1) == null ? "" : m.group(1)) + third(m.group(2))
                    + (m.group(3) == null ? "" : " " + m.group(3)) + " at " + fragment);
        }
        if ((m = match("^what do you like to do(?: (.+))?$", q)).matches()) {
            return Optional.of(adverb + "likes " + fragment + (m.group(1) == null ? "" : " " + m.group(1)));
        }
        if ((m = match("^(?:what|which) (\\w+) (?:do|did) you (usually |normally |mostly )?(\\w+)(?: (.+))?$", q)).matches()) {
            return Optional.of((m.group(2) == null ? adverb : m.group(2)) + third(m.group(3))
                    + (m.group(4) == null ? "" : " " + m.group(4)) + " " + fragment);
        }
        if ((m = match("^what is your (.+)$", q)).matches()) {
            return Optional.of(m.group(1) + " is " + fragment);
        }
        if ((m = match("^how old (?:are|is) (they|the \\w+|your \\w+)$", q)).matches()) {
            Optional<String> who = m.group(1).equalsIgnoreCase("they") ? people.resolve("they")
                    : Optional.of(m.group(1).replaceFirst("(?i)^(?:the|your) ", ""));
            return who.map(w -> w + (w.endsWith("s") || w.equals("children") ? " are " : " is ") + fragment);
        }
        if ((m = match("^how long (?:are|will) you (?:be )?(.+)$", q)).matches()) {
            return Optional.of("is " + m.group(1) + " " + fragment);
        }
        if (match("^(?:who is going|who will you be travel+ing with|how many people will be travel+ing|who is coming|who is travel+ing)$", q).matches()) {
            String company = whole.replaceFirst("(?i)^(?:just |only )?me(?:,| and)\\s*", "");
            return company.isEmpty() || company.equalsIgnoreCase("me") ? Optional.empty() : Optional.of("is travelling with " + company);
        }
        if ((m = match("^any (.+)$", q)).matches()) {
            String topic = cut(m.group(1));
            if (topic.matches("(?i)^favou?rite .+")) {
                return Optional.of(topic + " is " + fragment);
            }
            if (topic.matches("(?i).*allerg.*")) {
                return Optional.of("is allergic to " + fragment.replaceFirst("(?i)^(?:just|only) ", ""));
            }
            if (fragment.matches("(?i)^(?:a|an|two|three|four|\\d+) .+")) {
                return Optional.of("has " + fragment);
            }
            if (fragment.matches("[a-z-]+")) {
                return Optional.of("is " + fragment);
            }
        }
        return Optional.empty();
    }

    static Polarity polarityOf(String answer) {
        String text = answer.strip();
        if (NO_LONGER.matcher(text).find()) {
            return Polarity.NO_LONGER;
        }
        if (NO.matcher(text).find()) {
            return Polarity.NO;
        }
        return YES.matcher(text).find() ? Polarity.YES : Polarity.NONE;
    }

    /** The alternative chosen, in the question's own case, with the noun both alternatives share: "morning flight". */
    private static String preferred(String fragment, String left, String right) {
        String[] leftWords = left.strip().split("\\s+");
        String[] rightWords = right.strip().split("\\s+");
        String first = fragment.split("[\\s,]+")[0];
        String choice = (left + " " + right).contains(first.toLowerCase(Locale.ROOT))
                ? Character.toLowerCase(fragment.charAt(0)) + fragment.substring(1) : fragment;
        if (leftWords.length == 1 && rightWords.length == 2 && fragment.split("\\s+").length == 1
                && (first.equalsIgnoreCase(leftWords[0]) || first.equalsIgnoreCase(rightWords[0]))) {
            return choice + " " + rightWords[1];
        }
        return choice;
    }

    private static String preposition(String fragment) {
        return fragment.matches("(?i)^(?:at|in|near|on|from|outside|just outside|by|around|close to)\\b.*") ? "" : "in ";
    }

    private static String cut(String object) {
        return CUT_OBJECT.matcher(object).replaceFirst("").strip();
    }

    private static String withoutArticle(String object) {
        return object.replaceFirst("(?i)^(?:a|an|the|any|some)\\s+", "");
    }

    private static String withArticle(String noun) {
        if (noun.matches("(?i)^(?:a|an|the)\\s.*") || !noun.matches("[A-Za-z -]+") || noun.contains(" at ")) {
            return noun;
        }
        String lower = Character.toLowerCase(noun.charAt(0)) + noun.substring(1);
        return (lower.matches("^[aeiou].*") ? "an " : "a ") + lower;
    }

    private static String third(String verb) {
        return EnglishVerbs.thirdPerson(verb, false);
    }

    private static String past(String verb) {
        String lower = verb.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "grow" -> "grew";
            case "go" -> "went";
            case "meet" -> "met";
            case "get" -> "got";
            case "take" -> "took";
            case "leave" -> "left";
            case "buy" -> "bought";
            case "do" -> "did";
            case "have" -> "had";
            default -> lower.endsWith("e") ? lower + "d" : lower.matches(".*[^aeiou]y") ? lower.substring(0, lower.length() - 1) + "ied" : lower + "ed";
        };
    }

    private static final java.util.Map<String, Pattern> SHAPES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The question shapes are compiled once each, on first use. */
    private static Matcher match(String regex, String text) {
        return SHAPES.computeIfAbsent(regex, r -> Pattern.compile(r, Pattern.CASE_INSENSITIVE)).matcher(text);
    }

}

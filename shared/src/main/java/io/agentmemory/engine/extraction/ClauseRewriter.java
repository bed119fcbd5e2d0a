package io.agentmemory.engine.extraction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites one clause the user said about themselves or their people as a third-person fact, or declines:
 * "I recently moved to Lyon" → "Recently moved to Lyon", "I no longer eat meat" → "No longer eats meat",
 * "My sister lives in Berlin" → "Sister lives in Berlin", "We're vegetarian" → "Is vegetarian". The user is
 * the unnamed subject; their people are named by their relation. Said by another named person in the
 * conversation, the same clauses name them ({@link Speaker}): "Leo recently moved to Lyon", "Leo's sister lives in
 * Berlin". Questions, requests, hedges and passing states give nothing, and so does anything whose subject it
 * cannot tell: a clause it is unsure of is left out rather than stored garbled.
 */
final class ClauseRewriter {

    private static final Pattern DISCOURSE_PREFIX = Pattern.compile(
            "^(?:(?:and|also|oh|so|well|actually|btw|by the way|anyway|but|plus|yes|yeah|yep|yup|no|nope|sure|ok|okay"
                    + "|hi|hello|hey|haha|hmm|right|true|correct|exactly|indeed|of course|great|good|thanks|thank you"
                    + "|that's right|please|yes please|then)\\b[,!.:\\s]*)+",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TRAILING_TAG = Pattern.compile(
            "(?:,?\\s+(?:though|obviously|actually|anyway|hands down|both of us|all of us|lol|haha|by the way)|,\\s+sorry)+$",
            Pattern.CASE_INSENSITIVE);
    /** A label in front of the news: "Good news: ", "Confession: ", "One important thing: ". */
    private static final Pattern LABEL = Pattern.compile("^[\\p{L}' ]{1,24}:\\s+");
    /** A request tacked onto a statement: "My partner is vegan, so keep that in mind" keeps the first half. */
    private static final Pattern TRAILING_REQUEST = Pattern.compile(
            ",?\\s+(?:so\\s+|and\\s+)?(?:please|keep (?:that|it|this) in mind|can you|could you|let me|let's|"
                    + "do not (?:put|book|forget)|make sure)\\b.*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME_WORD = Pattern.compile(
            "\\b(?:day|days|week|weeks|month|months|year|years|ago|last|next|this|these|morning|mornings|evening|"
                    + "evenings|weekend|weekends|night|nights|summer|winter|spring|autumn|nowadays|monday|tuesday|"
                    + "wednesday|thursday|friday|saturday|sunday|mondays|tuesdays|wednesdays|thursdays|fridays|"
                    + "saturdays|sundays|january|february|march|april|june|july|august|september|october|november|"
                    + "december|in general|generally|at work|at home|on holiday|since|in \\d{4})\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FRONTED = Pattern.compile(
            "^([\\p{L}0-9' -]{2,40}?),?\\s+((?:i|we|my|our)\\b.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern TRANSIENT = Pattern.compile(
            "\\b(?:today|tonight|right now|at the moment|this (?:morning|afternoon|evening|week)|for now|just now)\\b",
            Pattern.CASE_INSENSITIVE);
    /**
     * A hedge that opens the sentence's last part qualifies only that part: "I want to learn the cello and maybe
     * the piano" states the cello, and only the piano is uncertain.
     */
    private static final Pattern HEDGED_TAIL = Pattern.compile(
            ",?\\s+(?:and|or|but)\\s+(?:maybe|perhaps|possibly|probably)\\b.*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEDGE = Pattern.compile(
            "\\b(?:maybe|perhaps|probably|possibly|i guess|i think|i suppose|not sure|someday|some day|might)\\b",
            Pattern.CASE_INSENSITIVE);
    /** Openings that ask, announce an action or describe a passing state: nothing lasting about the user. */
    private static final Pattern NOT_A_FACT = Pattern.compile(
            "^(?:i|we) (?:think|guess|wonder|hope|believe|mean|suppose|reckon|feel|was wondering|were wondering"
                    + "|just (?:need|want|wanted|checking|wondering)"
                    + "|want to (?:book|find|know|see|ask|plan|check|get|make|try|order|change|cancel|go for)"
                    + "|want you|need you|need (?:to know|help|a recommendation|to (?:prep|book|find|check|get|sort|pack|leave|go|ask))"
                    + "|(?:am|are|was|were) (?:looking|wondering|trying|thinking|hoping|not sure|asking|here|back|glad|happy|sorry"
                    + "|hungry|tired|bored|exhausted|feeling|in a hurry|at the|on my way|on our way|off to|just|about to"
                    + "|curious|excited|worried|nervous|stressed|done|ready|fine|okay|ok|good|great|free|busy)\\b"
                    // The same passing states said with feeling: "I'm so sorry", "We're really glad".
                    + "|(?:am|are|was|were) (?:so|very|really|truly) (?:glad|happy|sorry|pleased|sad|thrilled|relieved"
                    + "|excited|tired|exhausted|worried|nervous|stressed|bored|hungry|grateful)\\b"
                    + "|(?:am|are) afraid$)",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> AUXILIARIES = Set.of(
            "is", "are", "was", "were", "has", "have", "had", "does", "do", "did", "cannot", "can", "could", "will",
            "would", "must", "should", "may", "might");
    /** Common verbs in the base form a plural subject takes ("My kids go", "My parents live"). */
    private static final Set<String> BASE_VERBS = Set.of(
            "go", "live", "love", "like", "work", "study", "play", "want", "need", "hate", "come", "get", "know", "make",
            "take", "use", "eat", "drink", "speak", "run", "visit", "travel", "stay", "share", "prefer", "own", "keep",
            "turn", "look", "carpool", "say", "call", "help", "attend", "adore", "enjoy", "belong", "handle", "teach");
    private static final Set<String> DANGLING = Set.of(
            "and", "or", "but", "to", "the", "a", "an", "with", "of", "in", "on", "at", "for", "is", "are", "does",
            "do", "did", "has", "have", "can", "will", "was", "were", "so", "because", "their", "from", "by", "as");

    private static final Set<String> THIRD_PERSON_VERBS = Set.of(
            "turns", "gets", "hates", "loves", "wants", "waters", "handles", "teaches", "goes", "does", "plays", "studies",
            "works", "lives", "runs", "takes", "uses", "needs", "drinks", "eats", "speaks", "helps", "says", "thinks",
            "knows", "likes", "makes", "comes", "keeps", "owns", "graduates", "starts", "ends", "leaves", "flies",
            "travels", "visits", "stays", "shares", "prefers", "belongs", "attends", "threw");
    private static final Pattern PAST_CONTEXT = Pattern.compile(
            "\\b(?:ago|last|yesterday|in (?:19|20)\\d\\d|when|back then|before"
                    + "|in (?:January|February|March|April|May|June|July|August|September|October|November|December))\\b",
            Pattern.CASE_INSENSITIVE);
    /** "I can tell you that much", "Is so happy for you": about this conversation, not about the user. */
    private static final Pattern ADDRESSES_THE_ASSISTANT = Pattern.compile("\\b(?:you|your|yours|yourself)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern TOGETHER = Pattern.compile("(?i)^([\\p{L}' -]{2,30}?) and I (.+)$");

    /**
     * A fact that stops on a verb which needs its object or destination: "Sam is going", "Ana cannot come",
     * "Is applying", "Needs to think", "Sam approves". The answer to the question before it ("Are you going to the
     * gig?"), it says nothing alone, and a question that names the person finds it before what they did say.
     */
    private static final Pattern VERB_WANTING_MORE = Pattern.compile(
            "^(?:[A-Z][\\p{L}'-]*\\s+)?(?:(?:is|are|was|were)(?:\\s+(?:not|really|also|still|definitely|just|now))*\\s+"
                    + "(?:going|coming|applying|trying|thinking|joining|deciding|asking|checking|waiting|looking|helping)"
                    + "|(?:cannot|can|could|will|would|must|does not|did not|do not)(?:\\s+(?:not|really|also|still|definitely|just))*\\s+"
                    + "(?:go|come|apply|try|think|join|decide|ask|check|wait|look|help|make it|say|tell)"
                    + "|(?:needs|wants|has|had|is going|was going)\\s+to\\s+(?:go|come|think|decide|check|ask|wait|see|try)"
                    + "|(?:would\\s+|will\\s+)?(?:approves?|agrees?|disagrees?|objects?|minds?))$",
            Pattern.CASE_INSENSITIVE);

    /**
     * A time in the day's routine anchors a plan as a date does: "I'll try oat milk after breakfast", "I'll swim
     * before work" say what the user will do, not a guess.
     */
    private static final Pattern DAILY_TIME = Pattern.compile(
            "\\b(?:after|before|at|with|over) (?:lunch|dinner|breakfast|supper|work|school)\\b"
                    + "|\\bin the (?:mornings|evenings|afternoons)\\b|\\bevery (?:day|morning|evening|night)\\b",
            Pattern.CASE_INSENSITIVE);

    private final People people;
    private final Speaker speaker;

    ClauseRewriter(People people, Speaker speaker) {
        this.people = people;
        this.speaker = speaker;
    }

    /**
     * The fact in one clause, or nothing. {@code timeAnchored}: the sentence names a time, so a statement in
     * the future ("we'll be in Cornwall") is a plan rather than a guess.
     */
    Optional<String> rewrite(String said, boolean timeAnchored) {
        // Another person's "Our news: we ..." is kept under their name by SpecificStatements: their "we" is not them alone.
        String clause = speaker.isUser() ? withoutLabel(clean(said)) : clean(said);
        if (clause.isEmpty() || saysNothingLasting(clause)) {
            return Optional.empty();
        }
        clause = moveFrontedTime(clause);
        if (NOT_A_FACT.matcher(clause).find()) {
            return Optional.empty();
        }
        Optional<String> fact = subjectAndPredicate(clause, timeAnchored);
        return fact.map(ClauseRewriter::capitalize).filter(ClauseRewriter::complete);
    }

    /**
     * A cleaned clause that the extractor leaves out whatever its form: a passing state, a hedge, words to or about
     * the other speaker, or an opening that asks or announces rather than states.
     */
    static boolean saysNothingLasting(String clause) {
        return (TRANSIENT.matcher(clause).find() && !pastEvent(clause)) || HEDGE.matcher(clause).find()
                || ADDRESSES_THE_ASSISTANT.matcher(clause).find() || NOT_A_FACT.matcher(clause).find();
    }

    /**
     * Whether the clause tells of something that happened, by a verb in the past other than a state's ("was",
     * "had"): "this morning" then dates the event ("Greta told me this morning that she's retiring", "which we paid
     * this morning") rather than marking a passing state ("I'm tired this morning").
     */
    private static boolean pastEvent(String clause) {
        return Arrays.stream(clause.split("[^\\p{L}']+")).map(w -> w.toLowerCase(Locale.ROOT))
                .anyMatch(w -> EnglishVerbs.isPastForm(w) && !STATE_PAST.contains(w));
    }

    private static final Set<String> STATE_PAST = Set.of("was", "were", "had", "been", "felt", "seemed", "looked",
            "tired", "bored", "stressed", "worried", "excited", "exhausted", "interested", "annoyed", "surprised");

    /** The text without a label in front of the news: "Good news: we signed the lease" → "we signed the lease". */
    static String withoutLabel(String text) {
        return LABEL.matcher(text).replaceFirst("");
    }

    static String clean(String said) {
        return trim(expandContractions(said.replace('\u2019', '\'').strip()));
    }

    /** {@link #clean} without spelling contractions out: the words as the user wrote them. */
    static String trim(String said) {
        String text = DISCOURSE_PREFIX.matcher(said.replace('\u2019', '\'').strip()).replaceFirst("");
        text = TRAILING_REQUEST.matcher(text).replaceFirst("");
        text = HEDGED_TAIL.matcher(text).replaceFirst("");
        text = text.replaceAll("[\\s.!;,:]+$", "");
        return TRAILING_TAG.matcher(text).replaceFirst("").strip();
    }

    /**
     * A verb in "-ing" followed by an object pronoun or a particle ("driving it down", "packing up"): after "'s" it
     * makes a progressive, "is". An "-ing" noun after a possessive is followed by other words ("Tom's wedding is",
     * "Tom's wedding in June"), which are left out here.
     */
    private static final String ING_WITH_OBJECT =
            "\\p{L}{2,}ing (?:it|them|him|her|me|us|up|down|out|back|off|home|away|over)\\b";

    /** Contractions spelled out, in order: "can't" before "n't", "I'd been" before "I'd". */
    private static final List<Map.Entry<Pattern, String>> CONTRACTIONS = List.of(
            contraction("\\bcan't\\b|\\bcan not\\b", "cannot"),
            contraction("\\bwon't\\b", "will not"),
            contraction("\\b(do|does|did|is|are|was|were|has|have|had|could|would|should|must)n't\\b", "$1 not"),
            contraction("\\b(I)'m\\b", "$1 am"),
            contraction("\\b(we|you|they)'re\\b", "$1 are"),
            contraction("\\b(I|we|you|they)'ve\\b", "$1 have"),
            contraction("\\b(I|we|you|he|she|they|it)'ll\\b", "$1 will"),
            contraction("\\b(I|we|you|he|she|they)'d (been|had|gone|done|never been)\\b", "$1 had $2"),
            contraction("\\b(I|we|you|he|she|they)'d\\b", "$1 would"),
            contraction("\\b(he|she|it|that|there|who)'s (been|got|had|gone)\\b", "$1 has $2"),
            contraction("\\b(he|she|it|that|there|who|what|where)'s\\b", "$1 is"),
            contraction("\\bname's\\b", "name is"),
            contraction("\\b([a-z]+)'s (been|got)\\b", "$1 has $2"),
            contraction("\\b([a-z]+)'s (?=" + ING_WITH_OBJECT + ")", "$1 is "),
            // A degree's "'s" is no verb: "a master's in law".
            contraction("\\b(?!(?:master|bachelor)'s)([a-z]+)'s (?=(?:a|an|the|more of|less of|not|going|getting|very|so|really|still|always|from|in|at|on"
                    + "|with|also|now|just|never|quite|pretty|mad|crazy|allergic|coming|moving|starting|doing"
                    + "|studying|working|living|\\d+)\\b)", "$1 is "));

    private static Map.Entry<Pattern, String> contraction(String regex, String replacement) {
        return Map.entry(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), replacement);
    }

    static String expandContractions(String text) {
        String expanded = text;
        for (Map.Entry<Pattern, String> contraction : CONTRACTIONS) {
            expanded = contraction.getKey().matcher(expanded).replaceAll(contraction.getValue());
        }
        return expanded;
    }

    /**
     * "'s" after a word may be "is" or "has" ("She's retired", "She's always wanted"): kept as written, unless the
     * next word settles it: "has" before "been" or "got", "is" before an article ("Marco's a pilot": "has a"
     * is said "'s got a"), before "more of" ("Hilde's more of a roses person") or before a verb in "-ing" with its
     * object or particle ("Ana's driving it down").
     */
    private static final Pattern AMBIGUOUS_S = Pattern.compile(
            "'s\\b(?! (?:been|got|had|gone|a|an|the|more of|less of)\\b)(?! " + ING_WITH_OBJECT + ")");

    /** The contractions spelled out where the spelling is certain: "I'm", "won't", "we'd", but not a bare "'s". */
    static String expandCertainContractions(String text) {
        String marked = AMBIGUOUS_S.matcher(text).replaceAll("\u0001");
        return expandContractions(marked).replace("\u0001", "'s");
    }

    private static String moveFrontedTime(String clause) {
        Matcher m = FRONTED.matcher(clause);
        if (m.matches() && TIME_WORD.matcher(m.group(1)).find() && !startsWithSubject(m.group(1))) {
            String time = m.group(1);
            boolean properNoun = TIME_WORD.matcher(time.split("\\s+")[0]).matches() && Character.isUpperCase(time.charAt(0))
                    && time.split("\\s+")[0].toLowerCase(Locale.ROOT).matches("monday|tuesday|wednesday|thursday|friday|saturday|sunday|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|january|february|march|april|june|july|august|september|october|november|december");
            return m.group(2) + " " + (properNoun ? time : Character.toLowerCase(time.charAt(0)) + time.substring(1));
        }
        return clause;
    }

    static boolean startsWithSubject(String text) {
        return text.matches("(?i)^(?:i|we|my|our|he|she)\\b.*");
    }

    private Optional<String> subjectAndPredicate(String clause, boolean timeAnchored) {
        String[] words = clause.split("\\s+");
        String first = words[0].toLowerCase(Locale.ROOT);
        String rest = String.join(" ", Arrays.copyOfRange(words, 1, words.length));
        if (words.length < 2) {
            return Optional.empty();
        }
        switch (first) {
            case "i" -> {
                return userPredicate(rest, false, timeAnchored).map(speaker::subjectOf);
            }
            case "we" -> {
                return userPredicate(rest, true, timeAnchored).map(speaker::subjectOf);
            }
            case "my", "our", "the" -> {
                return possessedSubject(rest, first.equals("the"));
            }
            case "he", "she", "they", "it" -> {
                // The people a conversation named are the user's and the other person's alike: whose "he" is
                // whose cannot be told, so only the user's pronouns are resolved, as before names were known.
                if (!speaker.isUser()) {
                    return Optional.empty();
                }
                Optional<String> referent = people.resolve(first);
                return referent.flatMap(who -> namedSubject(who, rest));
            }
            default -> {
                if (people.isName(words[0])) {
                    return namedSubject(words[0], rest);
                }
                return Optional.empty();
            }
        }
    }

    /** The rest of a clause whose subject is the user ("I" or "we"), as a subject-less third-person predicate. */
    Optional<String> userPredicate(String rest, boolean we, boolean timeAnchored) {
        List<String> words = new ArrayList<>(Arrays.asList(rest.split("\\s+")));
        List<String> adverbs = new ArrayList<>();
        int i = 0;
        while (i < words.size()) {
            String word = words.get(i).toLowerCase(Locale.ROOT);
            if (word.equals("no") && i + 1 < words.size() && words.get(i + 1).equalsIgnoreCase("longer")) {
                adverbs.add("no longer");
                i += 2;
            } else if (EnglishVerbs.ADVERBS.contains(word) && i + 1 < words.size()) {
                if (!(we && (word.equals("both") || word.equals("all")))) {
                    adverbs.add(words.get(i));
                }
                i++;
            } else {
                break;
            }
        }
        if (i >= words.size()) {
            return Optional.empty();
        }
        String verb = words.get(i).toLowerCase(Locale.ROOT);
        List<String> tail = new ArrayList<>(words.subList(i + 1, words.size()));
        String next = tail.isEmpty() ? "" : tail.get(0).toLowerCase(Locale.ROOT);
        String form;
        switch (verb) {
            case "am", "are" -> {
                form = "is";
                if (we && !tail.isEmpty() && (next.equals("both") || next.equals("all"))) {
                    tail.remove(0);
                }
            }
            case "was", "were" -> form = "was";
            case "have" -> {
                form = "has";
                if (next.equals("got") && tail.size() > 1) {
                    tail.remove(0);
                }
            }
            case "do" -> form = "does";
            case "cannot", "can", "must", "did", "had" -> form = verb;
            case "could" -> {
                if (!next.equals("not") && !next.equals("never")) {
                    return Optional.empty();
                }
                form = "could";
            }
            case "should", "may", "might", "shall" -> {
                return Optional.empty();
            }
            case "will" -> {
                if (!timeAnchored && !next.equals("not") && !next.equals("never") && !DAILY_TIME.matcher(rest).find()) {
                    return Optional.empty();
                }
                form = "will";
            }
            case "would" -> {
                if (!next.matches("love|rather|never|not|prefer|hate|always")) {
                    return Optional.empty();
                }
                form = "would";
            }
            case "used" -> form = next.equals("to") ? "used" : "uses";
            default -> {
                if (!verb.matches("[a-z-]+")) {
                    return Optional.empty();
                }
                form = EnglishVerbs.thirdPerson(verb, pastContext(rest));
            }
        }
        StringBuilder fact = new StringBuilder();
        for (String adverb : adverbs) {
            fact.append(adverb).append(' ');
        }
        fact.append(form);
        for (String word : tail) {
            fact.append(' ').append(word);
        }
        return Optional.of(toThirdPersonObjects(fact.toString()));
    }

    /** "my sister lives in Berlin" → "Sister lives in Berlin"; "my wife and I both work in tech" → "They and their wife both work in tech". */
    private Optional<String> possessedSubject(String rest, boolean definite) {
        Matcher together = TOGETHER.matcher(rest);
        if (!definite && together.matches()) {
            return Optional.of(speaker.pronoun() + " and their " + together.group(1) + " "
                    + toThirdPersonObjects(together.group(2)));
        }
        String[] words = rest.split("\\s+");
        int nounEnd = -1;
        for (int i = 1; i < Math.min(words.length, 6); i++) {
            String word = words[i].toLowerCase(Locale.ROOT).replaceAll("[,]", "");
            if (EnglishVerbs.ADVERBS.contains(word) || isVerb(word)) {
                nounEnd = i;
                break;
            }
        }
        if (nounEnd < 0) {
            return Optional.empty();
        }
        String subject = String.join(" ", Arrays.copyOfRange(words, 0, nounEnd)).replaceAll(",$", "");
        // "My news: I have an interview": a label, not a subject; the statement after it is kept on its own.
        if (subject.contains(":")) {
            return Optional.empty();
        }
        if (definite && !People.isRelation(words[nounEnd - 1].replaceAll("[,]", ""))) {
            return Optional.empty();
        }
        int verbAt = nounEnd;
        while (verbAt < words.length && EnglishVerbs.ADVERBS.contains(words[verbAt].toLowerCase(Locale.ROOT))) {
            verbAt++;
        }
        if (verbAt >= words.length || !isVerb(words[verbAt].toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        if (speaker.isUser()) {
            people.learnFrom("my " + subject);
        }
        String predicate = String.join(" ", Arrays.copyOfRange(words, nounEnd, words.length));
        return Optional.of(speaker.owning(subject) + " " + toThirdPersonObjects(predicate));
    }

    /** A clause whose subject is a known person: "Leo is mad about dinosaurs", "he's studying chemistry" with "son". */
    private Optional<String> namedSubject(String who, String rest) {
        String[] words = rest.split("\\s+");
        int verbAt = 0;
        while (verbAt < words.length && EnglishVerbs.ADVERBS.contains(words[verbAt].toLowerCase(Locale.ROOT))) {
            verbAt++;
        }
        if (verbAt >= words.length || !isVerb(words[verbAt].toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(who + " " + toThirdPersonObjects(rest));
    }

    private static boolean isVerb(String word) {
        return AUXILIARIES.contains(word) || EnglishVerbs.isPastForm(word) || BASE_VERBS.contains(word)
                || (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("'s")
                && BASE_VERBS.contains(word.substring(0, word.length() - 1)))
                || (word.length() > 4 && word.endsWith("es") && BASE_VERBS.contains(word.substring(0, word.length() - 2)))
                || (word.length() > 4 && word.endsWith("ies") && BASE_VERBS.contains(word.substring(0, word.length() - 3) + "y"))
                || THIRD_PERSON_VERBS.contains(word);
    }

    static boolean pastContext(String rest) {
        return PAST_CONTEXT.matcher(rest).find();
    }

    /** "I like my coffee black" becomes "Likes their coffee black", not "Likes my coffee black". */
    static String toThirdPersonObjects(String text) {
        return text.replaceAll("\\b(?:myself|ourselves)\\b", "themselves")
                .replaceAll("(?i)\\b(?:my|our)\\b", "their")
                .replaceAll("(?i)\\b(?:mine|ours)\\b", "theirs")
                .replaceAll("(?i)\\b(?:me|us)\\b", "them")
                .replaceAll("\\bI am\\b", "they are")
                .replaceAll("\\bI was\\b", "they were")
                .replaceAll("\\b(?:I|we|We)\\b", "they");
    }

    static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** A fact of at least two words that does not stop on a word that needs more after it. */
    private static boolean complete(String fact) {
        String[] words = fact.split("\\s+");
        String last = words[words.length - 1].toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        // "Sold it", "Hates them": the thing meant is in another turn, and the fact alone says nothing.
        boolean pronounObject = words.length <= 4 && last.matches("it|them|that|this|there|one|those|these");
        return words.length >= 2 && !DANGLING.contains(last) && !pronounObject && !VERB_WANTING_MORE.matcher(fact).find();
    }
}

package io.agentmemory.engine.facts;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A normalised fact taken apart for the attribute table: who it is about (the user unless it opens with one of
 * the user's people or animals, possibly named: "Son Leo is 8"), whether it negates ("No longer eats meat", "Quit
 * smoking"), whether it says that something changed ("now", "these days", "switched to", "started … again"), the
 * value it says it replaces ("instead of Sixt"), and the predicate left once all of that is gone.
 */
record FactWording(String subject, boolean negated, boolean changeStated, String replacedValue, String predicate) {

    static final String USER = "user";

    private static final String RELATIONS = "sister|brother|son|daughter|wife|husband|partner|spouse|boyfriend|"
            + "girlfriend|fianc[eé]e?|mother|father|mom|mum|dad|parents?|grandmother|grandfather|grandma|grandpa|"
            + "grandparents?|aunt|uncle|cousin|niece|nephew|(?:best )?friend|colleague|coworker|co-worker|boss|manager|"
            + "roommate|flatmate|housemate|neighbou?r|kids?|children|child|baby|toddler|dog|cat|puppy|kitten|pet|"
            + "twins?|in-laws|stepson|stepdaughter|stepmother|stepfather";
    private static final Pattern OPENS_WITH_RELATION = Pattern.compile(
            "^(?:their |his |her )?(?:(?:older|younger|little|big|elder|eldest|oldest|youngest) )?"
                    + "(?<who>" + RELATIONS + ")(?:'s)? (?<rest>.+)$");
    private static final Pattern HAS_RELATION_WHO = Pattern.compile(
            "^has an? (?:(?:older|younger|little|big) )?(?<who>" + RELATIONS + ") (?:who|that) (?<rest>.+)$");
    /** "Son Leo is 8": a name between the relation and its verb belongs to the subject. */
    private static final Pattern NAMED = Pattern.compile("^(?<name>[a-z][a-z'-]*)(?:'s)? (?<rest>(?:is|are|was|were|has|"
            + "have|had|lives|works|studies|plays|prefers|likes|loves|moved|got|does|goes|takes|wants|needs|speaks|"
            + "turned|started|attends|uses|visits|visited)\\b.*)$");
    private static final Set<String> NOT_NAMES = Set.of("is", "are", "was", "were", "has", "have", "had", "does", "and");
    private static final Pattern INSTEAD_OF = Pattern.compile(" instead of (?<old>[^,;]+?)(?=$|,| for | on | when )");
    private static final Pattern CHANGE_WORDS = Pattern.compile(
            "\\b(?:from now on|now|these days|nowadays|any ?more|again|instead)\\b");
    private static final Set<String> LEADING_ADVERBS = Set.of("still", "currently", "recently", "just", "already",
            "also", "usually", "always", "mostly", "actually", "finally", "really", "newly", "lately", "officially",
            "generally", "typically", "normally", "meanwhile", "has", "have");
    private static final Pattern SWITCHED_TO = Pattern.compile(
            "^(?:has |have )?(?:switched|changed|gone back|went back|moved on|converted) to (?<g>[a-z]+ing)\\b(?<rest>.*)$");
    private static final Pattern STOPPED = Pattern.compile(
            "^(?:has |have )?(?:quit|stopped|gave up|given up|cut out) (?<g>[a-z]+ing)\\b(?<rest>.*)$");
    private static final Pattern STARTED = Pattern.compile(
            "^(?:has |have )?(?:started|began|begun|took up|taken up|resumed) (?<g>[a-z]+ing)\\b(?<rest>.*)$");
    private static final Pattern NEGATION = Pattern.compile(
            "^(?:does not|doesn't|does no longer|never|is not|isn't|no longer)\\s+(?<rest>.+)$");

    static FactWording of(String normalized) {
        String text = normalized;
        String replaced = null;
        Matcher instead = INSTEAD_OF.matcher(text);
        if (instead.find()) {
            replaced = FactValues.comparable(instead.group("old"));
            text = (text.substring(0, instead.start()) + text.substring(instead.end())).strip();
        }
        boolean changed = replaced != null || text.contains("no longer") || CHANGE_WORDS.matcher(text).find();
        text = text.replace("is no longer ", "is not ").replace("no longer ", "does not ");
        boolean negated = false;
        text = CHANGE_WORDS.matcher(text).replaceAll("").replaceAll(" {2,}", " ").strip();

        String subject = USER;
        Matcher who = HAS_RELATION_WHO.matcher(text);
        Matcher opens = OPENS_WITH_RELATION.matcher(text);
        if (who.matches()) {
            subject = FactValues.singular(who.group("who"));
            text = who.group("rest");
        } else if (opens.matches()) {
            subject = FactValues.singular(opens.group("who"));
            text = withoutLeadingAdverbs(opens.group("rest"));
            Matcher named = NAMED.matcher(text);
            if (named.matches() && !NOT_NAMES.contains(named.group("name"))) {
                subject = subject + " " + named.group("name");
                text = named.group("rest");
            }
        } else if (text.startsWith("their ")) {
            text = text.substring("their ".length());
        }
        text = withoutLeadingAdverbs(text);

        Matcher m;
        if ((m = SWITCHED_TO.matcher(text)).matches() || (m = STARTED.matcher(text)).matches()) {
            changed = true;
            text = Verbs.thirdPerson(Verbs.fromGerund(m.group("g"))) + m.group("rest");
        } else if ((m = STOPPED.matcher(text)).matches()) {
            changed = true;
            negated = true;
            text = Verbs.thirdPerson(Verbs.fromGerund(m.group("g"))) + m.group("rest");
        } else if ((m = NEGATION.matcher(text)).matches()) {
            negated = true;
            String rest = withoutLeadingAdverbs(m.group("rest"));
            // "is not vegetarian" keeps its verb; "does not eat meat" meets "eats meat".
            text = text.startsWith("is") ? "is " + rest : Verbs.thirdPerson(rest);
        }
        return new FactWording(subject, negated, changed, replaced, text.strip());
    }

    private static String withoutLeadingAdverbs(String text) {
        String rest = text;
        while (true) {
            int space = rest.indexOf(' ');
            if (space < 0 || !LEADING_ADVERBS.contains(rest.substring(0, space))) {
                return rest;
            }
            String next = rest.substring(space + 1);
            // "has two children" and "has a dog" keep their verb: only "has" before a past form is an auxiliary.
            if (rest.startsWith("has ") || rest.startsWith("have ")) {
                String word = next.split(" ")[0];
                if (!word.endsWith("ed") && !Verbs.IRREGULAR_PAST.contains(word)) {
                    return rest;
                }
            }
            rest = next;
        }
    }
}

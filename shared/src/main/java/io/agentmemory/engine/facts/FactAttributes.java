package io.agentmemory.engine.facts;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The attribute table: which attribute of which subject a fact states, and whether that attribute holds one value
 * or many. It reads the short third-person facts the extractors write ("Prefers window seats", "Sister lives in
 * Berlin", "Frequent flyer number is FF-1000"). A fact it cannot place states no known attribute, and such a fact
 * is never taken for a new version of another one: the table decides UPDATEs, similarity only proposes candidates.
 *
 * <p>The rows are ordered, first match wins. Each row names its phrasings as one regular expression over the
 * predicate (the fact without its subject, time adverbs and change words) with a {@code v} group for the value.
 */
public final class FactAttributes {

    /**
     * The version of this table's readings, stored beside each memory's attribute ({@code fact_reading}). Raise it
     * whenever a change reads any text differently ({@code FactReadingVersionTest} fails until it is raised and the
     * new fingerprint recorded): memories read by an older table are then ranked by similarity again, as they were
     * before they were read, until they are rewritten.
     */
    public static final short READING = 1;

    private static final List<AttributeRule> RULES = List.of(
            // Where the subject lives: one place at a time ("Lived in Paris" is a past stay, kept beside).
            AttributeRule.single("home", "(?:lives|is living|resides|is based|settled) in (?<v>.+)"),
            AttributeRule.single("home", "(?:moved|relocated|is moving|is relocating) to (?<v>.+)"),
            AttributeRule.single("employer", "(?:works|is working|worked) (?:at|for) (?<v>.+)"),
            AttributeRule.single("employer", "(?:started|began|got) (?:a new job|a job|working|work|a position)"
                    + " (?:at|for|with) (?<v>.+)"),
            AttributeRule.single("employer", "(?:is employed|was hired|is hired|joined) (?:at |by )?(?<v>.+)"),
            AttributeRule.single("job", "works as (?:an? )?(?<v>.+)"),
            AttributeRule.single("job", "(?:was |got |has been )?promoted to (?:an? )?(?<v>.+)"),
            AttributeRule.single("job", "is (?:an? )?(?<v>(?:[a-z-]+ ){0,2}(?:engineer|developer|teacher|nurse|doctor|"
                    + "physician|designer|manager|lawyer|accountant|student|architect|chef|cook|consultant|analyst|"
                    + "scientist|writer|journalist|pharmacist|programmer|researcher|electrician|plumber|pilot|dentist|"
                    + "therapist|librarian|professor|lecturer|paramedic|firefighter|police officer|baker|farmer|"
                    + "mechanic|carpenter|photographer|translator|salesperson|surgeon|veterinarian|vet|retiree|"
                    + "freelancer|entrepreneur|founder))"),
            AttributeRule.single("job", "is (?<v>retired|unemployed|self-employed|between jobs)"),
            AttributeRule.single("diet", "is (?:an? |strictly |fully )?(?<v>vegetarian|vegan|pescatarian|pescetarian|"
                    + "flexitarian|omnivore|carnivore)"),
            AttributeRule.single("diet", "(?:follows|is on|keeps) an? (?<v>.+?) diet"),
            AttributeRule.single("diet", "(?<v>eats (?:meat|fish|everything|animal products))"),
            AttributeRule.single("marital status", "is (?<v>married|single|divorced|engaged|widowed|separated)\\b.*"),
            AttributeRule.single("marital status", "(?:got |just got )?(?<v>married|engaged|divorced)\\b.*"),
            AttributeRule.single("age", "is (?<v>\\d{1,3})(?: years? old)?"),
            AttributeRule.single("age", "turned (?<v>\\d{1,3})\\b.*"),
            AttributeRule.single("wake-up time", "(?:wakes|gets) up (?:at|around|by) (?<v>.+)"),
            AttributeRule.single("car", "drives an? (?<v>.+)"),
            // Many values at once: every one stays.
            AttributeRule.multi("allergy", "(?:is )?allergic to (?<v>.+)"),
            AttributeRule.multi("allergy", "has an? (?:mild |severe )?(?<v>.+?) allergy"),
            AttributeRule.multi("past", "used to (?<v>.+)"),
            AttributeRule.multi("visited", "(?:visited|been to|went to|(?:travelled|traveled) to|lived in|stayed in)"
                    + " (?<v>.+)"),
            AttributeRule.multi("speaks", "speaks (?<v>.+)"),
            AttributeRule.multi("learning", "is learning (?<v>.+)"),
            AttributeRule.multi("afraid", "is (?:afraid|scared) of (?<v>.+)"),
            AttributeRule.multi("likes", "(?:likes|loves|enjoys|adores|is (?:a )?(?:big )?fan of|is into|is interested in)"
                    + " (?<v>.+)"),
            AttributeRule.multi("dislikes", "(?:dislikes|hates|avoids|can't stand|cannot stand) (?<v>.+)"),
            AttributeRule.multi("plays", "plays (?<v>.+)"),
            AttributeRule.multi("collects", "collects (?<v>.+)"),
            // "Has two children" is a count that changes; "Has a dog named Rex" is one of possibly many.
            AttributeRule.count("has (?<v>\\d+|no|one|two|three|four|five|six|seven|eight|nine|ten) (?<noun>[a-z]+)(?: .*)?"),
            AttributeRule.multi("has", "(?:has|owns) (?:an? |another )(?<v>.+)"),
            // A preference is one per kind of thing preferred (and the context it is preferred in).
            AttributeRule.preference("(?:prefers|would rather have|books|chooses|opts for|goes for|orders) (?<v>.+)"),
            // "Changed their phone number to …", "Raised the savings goal to …": a named attribute, stated as a change.
            AttributeRule.named("(?:changed|switched|updated|upgraded|raised|increased|lowered|reduced|cut|bumped|moved|"
                    + "extended) (?<attr>[a-z][a-z0-9'& -]{0,60}?) to (?<v>.+)", true),
            // "<noun phrase> is <value>": budget, favourite city, frequent flyer number, birthday, name…
            AttributeRule.named("(?<attr>[a-z][a-z0-9'& -]{0,60}?)(?<copula> is| are|:) (?<v>.+)", false),
            AttributeRule.named("(?<attr>[a-z][a-z0-9'& -]{0,60}?) (?:went up|went down|rose|fell|dropped|increased|"
                    + "decreased|changed|has changed|was (?:raised|lowered|increased|reduced|moved|changed|pushed back|postponed|rescheduled|"
                    + "brought forward|set)) to (?<v>.+)", true),
            AttributeRule.named("(?<attr>[a-z][a-z0-9'& -]{0,60}?) (?<verb>expires|is due|ends|starts|begins|launches|"
                    + "opens|closes) (?<v>(?:in|on|at) .+)", false));
    private static final Set<String> CHANGE_PREFIXES = Set.of("was", "got", "been");
    /** Attributes named by one word in "<attribute> is <value>": anything else of one word is a person, place or thing. */
    private static final Set<String> ONE_WORD_ATTRIBUTES = Set.of("budget", "birthday", "email", "e-mail", "phone",
            "mobile", "address", "name", "nickname", "surname", "salary", "income", "rent", "mortgage", "deadline",
            "anniversary", "goal", "target", "height", "weight", "timezone", "username", "handle", "website",
            "hometown", "nationality", "religion", "pronouns", "bedtime", "commute", "destination", "itinerary",
            "hotel", "flight", "seat", "gate", "terminal", "room", "layover", "departure", "arrival", "status", "tier",
            "membership", "plan", "schedule", "major", "degree", "school", "university", "team", "position", "role",
            "title", "rank", "level", "size", "postcode", "zipcode", "zip", "iban", "passport", "visa", "allowance",
            "savings", "pension", "retirement", "wedding", "favourite", "favorite", "employer", "job", "occupation",
            "profession", "company", "workplace", "office", "shift", "wage", "bonus", "limit", "city", "country",
            "region", "neighbourhood", "neighborhood", "airport", "airline", "car", "diet", "age", "gender", "language",
            "currency", "gym", "bank", "insurer", "provider", "carrier", "doctor", "dentist", "landlord", "lease",
            "contract", "subscription", "password", "pin", "vehicle", "bike", "license", "licence");
    /**
     * "Leo: A beach house in Noosa next week": another person's words kept under their name, as the extractors
     * write them. The name is who said it, not an attribute whose value the words are: read as "Leo is …", every
     * such memory would be a new value of one attribute and replace the one before.
     */
    private static final Pattern SPEAKER_LABEL = Pattern.compile("^\\p{Lu}[\\p{L}'-]*: \\p{Lu}");

    private FactAttributes() {
    }

    /** The key by which a later value of the fact's single-valued attribute finds it; null when it states none. */
    public static String attributeKeyOf(String fact) {
        return classify(fact).map(StatedFact::attributeKey).orElse(null);
    }

    /** What the fact states, or empty when no row of the table recognises it. */
    public static Optional<StatedFact> classify(String fact) {
        if (fact == null || fact.isBlank()) {
            return Optional.empty();
        }
        if (SPEAKER_LABEL.matcher(fact.strip()).find()) {
            return Optional.empty();
        }
        String text = normalize(fact);
        Optional<StatedFact> whole = classifyClause(text);
        if (whole.isPresent() && whole.get().kind() != StatementKind.ACTION) {
            return whole;
        }
        // "Left Deloitte and now works at KPMG", "Refinanced, mortgage rate is now 3.1%": the last clause that
        // states an attribute is the fact, with the change words of the whole.
        String[] clauses = text.split(", | and (?=(?:now |then )?[a-z]+s\\b)");
        for (int i = clauses.length - 1; i >= 0 && clauses.length > 1; i--) {
            Optional<StatedFact> part = classifyClause(clauses[i]);
            if (part.isPresent() && part.get().kind() != StatementKind.ACTION) {
                boolean changed = part.get().changeStated() || FactWording.of(text).changeStated();
                StatedFact p = part.get();
                return Optional.of(new StatedFact(p.subject(), p.kind(), p.attribute(), p.qualifier(), p.value(),
                        p.negated(), changed, p.replacedValue(), p.topics()));
            }
        }
        return whole;
    }

    private static Optional<StatedFact> classifyClause(String text) {
        FactWording wording = FactWording.of(text);
        for (AttributeRule rule : RULES) {
            Optional<StatedFact> stated = rule.read(wording);
            if (stated.isPresent()) {
                return stated;
            }
        }
        return action(wording);
    }

    /** "Commutes by car", "Was upgraded to platinum status": a verb and what it is done to. */
    private static Optional<StatedFact> action(FactWording wording) {
        String[] words = wording.predicate().split(" ");
        int verbAt = words.length > 1 && CHANGE_PREFIXES.contains(words[0]) ? 1 : 0;
        if (!Verbs.looksLikeVerb(words[verbAt])) {
            return Optional.empty();
        }
        String verb = Verbs.stem(words[verbAt]);
        String object = String.join(" ", java.util.Arrays.copyOfRange(words, verbAt + 1, words.length));
        boolean changed = wording.changeStated() || Verbs.CHANGE_VERBS.contains(verb);
        return Optional.of(new StatedFact(wording.subject(), StatementKind.ACTION, verb, Set.of(),
                FactValues.comparable(object), wording.negated(), changed, wording.replacedValue(),
                FactValues.topics(object)));
    }

    static String normalize(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replace('\u2019', '\'');
        return folded.replaceAll("\\s+", " ").replaceAll("[\\s.!;,]+$", "").strip();
    }

    /**
     * "Leo is aiming to move in August", "Tanvir is still waiting for his mug": what someone is doing, not the value
     * of an attribute named by the word before "is" (read so, every such fact about a person would replace the last).
     * Nouns in "-ing" are values: "Favourite season is spring", "Plan is a wedding".
     */
    private static final Pattern IN_PROGRESS = Pattern.compile(
            "(?:(?:not|still|really|just|also|now|currently|finally) )*(?!(?:nothing|something|everything|anything|"
                    + "spring|morning|evening|wedding|building|meeting|ceiling|sibling|darling|pudding|string|during|"
                    + "clothing|ending|feeling|king|ring|wing|sing|thing)\\b)[a-z]{2,}ing\\b");

    /** One row of the table. */
    private record AttributeRule(Pattern pattern, String attribute, StatementKind kind, boolean statesChange) {

        static AttributeRule single(String attribute, String regex) {
            return new AttributeRule(Pattern.compile(regex), attribute, StatementKind.ATTRIBUTE, false);
        }

        static AttributeRule multi(String attribute, String regex) {
            return new AttributeRule(Pattern.compile(regex), attribute, StatementKind.ONE_OF_MANY, false);
        }

        static AttributeRule count(String regex) {
            return new AttributeRule(Pattern.compile(regex), "count", StatementKind.COUNT, false);
        }

        static AttributeRule preference(String regex) {
            return new AttributeRule(Pattern.compile(regex), "prefers", StatementKind.PREFERENCE, false);
        }

        static AttributeRule named(String regex, boolean statesChange) {
            return new AttributeRule(Pattern.compile(regex), "", StatementKind.ATTRIBUTE, statesChange);
        }

        Optional<StatedFact> read(FactWording wording) {
            Matcher m = pattern.matcher(wording.predicate());
            if (!m.matches()) {
                return Optional.empty();
            }
            String value = FactValues.comparable(m.group("v"));
            if (value.isEmpty()) {
                return Optional.empty();
            }
            String name = attribute;
            Set<String> qualifier = Set.of();
            if (kind == StatementKind.COUNT) {
                name = "count:" + FactValues.singular(FactValues.comparable(m.group("noun")));
            } else if (kind == StatementKind.PREFERENCE) {
                Preferences.Preferred preferred = Preferences.read(m.group("v"));
                name = preferred.thing();
                qualifier = preferred.context();
                value = preferred.choice();
            } else if (attribute.isEmpty()) {
                if (IN_PROGRESS.matcher(m.group("v")).lookingAt() || namesAnEntity(m)) {
                    return Optional.empty();
                }
                name = FactValues.attributeName(m.group("attr") + (hasVerbGroup() ? " " + Verbs.stem(m.group("verb")) : ""));
                if (name == null) {
                    return Optional.empty();
                }
            }
            return Optional.of(new StatedFact(wording.subject(), kind, name, qualifier, value, wording.negated(),
                    wording.changeStated() || statesChange, wording.replacedValue(), FactValues.topics(wording.predicate())));
        }

        /**
         * "Jo is the manager of the deli", "Lisbon is expensive": one word before "is" that is not the name of an
         * attribute names a person, a place or a thing, and what is said of it is one fact among many about it, not
         * the value of an attribute called "jo" (read so, "Jo is pregnant" would replace "Jo is the manager").
         * Attributes of one word are a known few; those of several ("frequent flyer number") name themselves.
         */
        private boolean namesAnEntity(Matcher m) {
            return pattern.pattern().contains("(?<copula>") && !m.group("attr").contains(" ")
                    && !ONE_WORD_ATTRIBUTES.contains(m.group("attr"));
        }

        private boolean hasVerbGroup() {
            return pattern.pattern().contains("(?<verb>");
        }
    }
}

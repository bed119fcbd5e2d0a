package io.agentmemory.engine.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic generator of travel-assistant memories and queries, varied enough that rankings are not
 * ties. Used by tests and the benchmark to seed realistic data sets of any size.
 */
public final class TravelCorpus {

    private static final String[] SUBJECTS = {"window seats", "aisle seats", "boutique hotels", "hostels", "beach resorts",
            "mountain cabins", "vegetarian food", "street food", "fine dining", "museums", "hiking trails", "ski slopes",
            "night markets", "wine tasting", "scuba diving", "train travel", "road trips", "cruises", "city breaks",
            "national parks", "jazz bars", "cooking classes", "yoga retreats", "castles", "local festivals"};
    private static final String[] VERBS = {"Prefers", "Loves", "Avoids", "Enjoys", "Dislikes", "Often books",
            "Is curious about", "Usually chooses", "Never chooses", "Recommends"};
    private static final String[] PLACES = {"Japan", "Italy", "Portugal", "Peru", "Iceland", "Kenya", "Vietnam", "Canada",
            "Mexico", "Norway", "Greece", "Morocco", "Chile", "New Zealand", "Thailand", "Spain", "Scotland", "Croatia",
            "Argentina", "Turkey"};
    private static final String[] WHEN = {"in spring", "in summer", "in autumn", "in winter", "on weekends",
            "on business trips", "with family", "when travelling solo", "on honeymoon", "with friends"};
    private static final String[] QUESTIONS = {"what kind of %s does the user like", "does the user enjoy %s",
            "plans involving %s", "user opinion about %s in %s", "trip to %s"};

    private TravelCorpus() {
    }

    public static List<String> facts(Random random, int count) {
        Set<String> facts = new LinkedHashSet<>();
        while (facts.size() < count) {
            facts.add(fact(random));
        }
        return new ArrayList<>(facts);
    }

    public static String fact(Random random) {
        return pick(random, VERBS) + " " + pick(random, SUBJECTS) + " in " + pick(random, PLACES) + " " + pick(random, WHEN)
                + (random.nextInt(4) == 0 ? ", budget about " + (500 + random.nextInt(40) * 100) + " EUR" : "");
    }

    public static String query(Random random) {
        String template = pick(random, QUESTIONS);
        return template.contains("%s in %s") ? String.format(template, pick(random, SUBJECTS), pick(random, PLACES))
                : String.format(template, random.nextBoolean() ? pick(random, SUBJECTS) : pick(random, PLACES));
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}

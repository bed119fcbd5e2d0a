package io.agentmemory.engine.travel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Activities travellers talk about, each with the words that name it. Order is the tie-break order. */
final class Activities {

    static final Map<String, Pattern> BY_NAME = new LinkedHashMap<>();

    static {
        add("hiking", "hik(?:e|es|ing)|trekking|trails?");
        add("museums", "museums?|galler(?:y|ies)");
        add("beaches", "beach(?:es)?|seaside");
        add("skiing", "ski(?:ing|s)?|snowboard\\w*");
        add("diving", "diving|scuba");
        add("snorkeling", "snorkell?ing");
        add("surfing", "surf(?:ing)?");
        add("food tours", "food tours?|street food|culinary|cooking class(?:es)?");
        add("wine tasting", "wine tasting|vineyards?|wineries|winery");
        add("cycling", "cycling|biking|bike tours?");
        add("climbing", "climbing|bouldering");
        add("kayaking", "kayak\\w*|canoe\\w*");
        add("shopping", "shopping");
        add("nightlife", "nightlife|clubbing|bars");
        add("concerts", "concerts?|live music|festivals?|opera");
        add("historical sites", "historical sites?|ruins|castles?|historic");
        add("photography", "photography");
        add("golf", "golf(?:ing)?");
        add("sailing", "sailing|boat trips?");
        add("safari", "safaris?|wildlife");
        add("yoga", "yoga|wellness|spa");
    }

    /** The union of every activity's words, for the activity group's keyword rule. */
    static final String KEYWORDS = String.join("|", BY_NAME.values().stream().map(Pattern::pattern).toList());

    private Activities() {
    }

    private static void add(String name, String regex) {
        BY_NAME.put(name, Pattern.compile("\\b(?:" + regex + ")\\b", Pattern.CASE_INSENSITIVE));
    }
}

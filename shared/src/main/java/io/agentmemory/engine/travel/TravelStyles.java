package io.agentmemory.engine.travel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The travel styles a planner distinguishes, each with the words that signal it. The style named by most memories
 * wins; ties go to the earlier style here; no signal at all is {@value #GENERAL}.
 */
final class TravelStyles {

    static final String GENERAL = "general";
    static final Map<String, Pattern> BY_NAME = new LinkedHashMap<>();

    static {
        add("luxury", "luxury|luxurious|five-star|5-star|first class|business class|upscale|premium|boutique");
        // Not the bare word "budget": "Budget is about 2,000 EUR" states an amount, not a style.
        add("budget", "budget travel\\w*|on a budget|backpack\\w*|hostels?|cheap|low-cost|budget airlines?|inexpensive");
        add("family", "family|families|kids|children|child-friendly|toddlers?");
        add("solo", "solo|alone|on (?:my|their|his|her) own");
        add("group", "group tours?|with friends|in a group|groups");
    }

    private TravelStyles() {
    }

    private static void add(String name, String regex) {
        BY_NAME.put(name, Pattern.compile("\\b(?:" + regex + ")\\b", Pattern.CASE_INSENSITIVE));
    }
}

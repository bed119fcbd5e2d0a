package io.agentmemory.engine.travel;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The groups of a travel planner's user context, with the rules that put a memory in them. A memory with
 * categories goes where its categories say; one without goes wherever its keywords match (possibly several
 * groups: "Prefers vegetarian restaurants" is both a preference and a dietary restriction). The rules are this
 * table, documented in the README; change them here, nowhere else.
 */
public enum ContextGroup {

    PREFERENCES("preferences", List.of("preferences", "preference"),
            "prefer|prefers|like|likes|love|loves|dislike|dislikes|favou?rite|enjoy|enjoys|hate|hates|avoid|avoids"),
    PAST_TRIPS("pastTrips", List.of("past_trips", "pasttrips", "trips", "trip", "travel_history"),
            "visited|went to|has been to|have been to|travell?ed to|trip to|returned from|stayed in|spent .{1,40} in"),
    SAVED_DESTINATIONS("savedDestinations", List.of("saved_destinations", "saveddestinations", "destinations", "wishlist", "bucket_list"),
            "wants? to (?:visit|go|see)|would love to (?:visit|go|see)|dreams? of|wish ?list|bucket list|planning (?:a )?trip|someday"),
    BUDGET_PATTERNS("budgetPatterns", List.of("budget", "budget_patterns", "budgetpatterns", "spending"),
            "budget|cost|costs|price|prices|expensive|cheap|afford|spend|spends|[$€£¥]\\s?\\d|\\d[\\d.,]*\\s?(?:eur|usd|gbp|chf|jpy|euros?|dollars?)\\b"),
    TRAVEL_STYLE("travelStyle", List.of("travel_style", "travelstyle", "style"),
            "luxury|backpack\\w*|solo|family|group tours?|with friends|adventure|relaxed|slow travel|first class|business class"),
    DIETARY_RESTRICTIONS("dietaryRestrictions", List.of("dietary", "dietary_restrictions", "dietaryrestrictions", "diet", "food"),
            "vegetarian|vegan|gluten|allerg\\w*|halal|kosher|lactose|dairy|pescatarian|diet|nut-free|does not eat|doesn't eat"),
    ACCOMMODATION_PREFERENCES("accommodationPreferences", List.of("accommodation", "accommodation_preferences",
            "accommodationpreferences", "hotel", "hotels", "lodging"),
            "hotels?|accommodation|stays?|room|rooms|hostels?|airbnb|apartment|resort|suite|bed and breakfast|b&b|ryokan"),
    ACTIVITY_PREFERENCES("activityPreferences", List.of("activities", "activity", "activity_preferences", "activitypreferences"),
            Activities.KEYWORDS);

    private final String field;
    private final List<String> categories;
    private final Pattern keywords;

    ContextGroup(String field, List<String> categories, String keywordRegex) {
        this.field = field;
        this.categories = categories;
        // Not preceded by a word character: a word boundary for words, and still a match for "€120".
        this.keywords = Pattern.compile("(?<!\\w)(?:" + keywordRegex + ")", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** The JSON field and {@code ?type=} value of this group. */
    public String field() {
        return field;
    }

    public static Optional<ContextGroup> byField(String field) {
        for (ContextGroup group : values()) {
            if (group.field.equalsIgnoreCase(field)) {
                return Optional.of(group);
            }
        }
        return Optional.empty();
    }

    boolean claimsCategory(String category) {
        return categories.contains(category.toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_'));
    }

    boolean matchesText(String memory) {
        return keywords.matcher(memory).find();
    }
}

package io.agentmemory.engine.travel;

import io.agentmemory.engine.api.TravelPreferences;
import io.agentmemory.engine.api.ValidationException;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes each preference as one short fact, keyed by the preference it states. The key, not the wording, is what
 * makes a later change an update of the same memory.
 */
public final class PreferenceFacts {

    /** The context group each preference belongs to, as the category its memory carries. */
    private static final Map<String, String> CATEGORY_BY_SLOT = Map.of(
            "destinations", "saved_destinations", "activities", "activities", "budget", "budget",
            "travelStyle", "travel_style", "accommodationType", "accommodation", "dietaryRestrictions", "dietary");

    private PreferenceFacts() {
    }

    public static String categoryOf(String slot) {
        return CATEGORY_BY_SLOT.getOrDefault(slot, "preferences");
    }

    /** Preference key → fact, in a stable order; empty lists and blank values state nothing and are skipped. */
    public static Map<String, String> of(TravelPreferences p) {
        Map<String, String> facts = new LinkedHashMap<>();
        list(facts, "destinations", p.destinations(), v -> "Preferred destinations: " + v);
        list(facts, "activities", p.activities(), v -> "Enjoys activities: " + v);
        if (p.budget() != null) {
            facts.put("budget", budget(p.budget()));
        }
        text(facts, "travelStyle", p.travelStyle(), v -> "Travel style: " + v);
        text(facts, "accommodationType", p.accommodationType(), v -> "Prefers accommodation: " + v);
        list(facts, "transport", p.transport(), v -> "Prefers to travel by " + v);
        list(facts, "dietaryRestrictions", p.dietaryRestrictions(), v -> "Dietary restrictions: " + v);
        list(facts, "accessibilityNeeds", p.accessibilityNeeds(), v -> "Accessibility needs: " + v);
        list(facts, "languages", p.languages(), v -> "Speaks " + v);
        list(facts, "timePreferences", p.timePreferences(), v -> "Prefers to travel: " + v);
        return facts;
    }

    private static String budget(TravelPreferences.Budget budget) {
        if (budget.currency() == null || !budget.currency().matches("[A-Za-z]{3}")) {
            throw ValidationException.of("preferences.budget.currency", "must be a three-letter currency code such as EUR");
        }
        if (budget.min() == null && budget.max() == null) {
            throw ValidationException.of("preferences.budget", "must give min, max or both");
        }
        if (budget.min() != null && budget.max() != null && budget.min().compareTo(budget.max()) > 0) {
            throw ValidationException.of("preferences.budget", "min must not exceed max");
        }
        if ((budget.min() != null && budget.min().signum() < 0) || (budget.max() != null && budget.max().signum() < 0)) {
            throw ValidationException.of("preferences.budget", "amounts must not be negative");
        }
        String currency = budget.currency().toUpperCase(Locale.ROOT);
        if (budget.min() != null && budget.max() != null) {
            return "Budget is " + amount(budget.min()) + " to " + amount(budget.max()) + " " + currency;
        }
        return budget.max() != null ? "Budget is at most " + amount(budget.max()) + " " + currency
                : "Budget is at least " + amount(budget.min()) + " " + currency;
    }

    private static String amount(BigDecimal value) {
        NumberFormat format = NumberFormat.getNumberInstance(Locale.US);
        format.setMaximumFractionDigits(2);
        return format.format(value);
    }

    private static void text(Map<String, String> facts, String key, String value, Function<String, String> sentence) {
        if (value != null && !value.isBlank()) {
            facts.put(key, sentence.apply(value.strip()));
        }
    }

    private static void list(Map<String, String> facts, String key, List<String> values, Function<String, String> sentence) {
        if (values == null) {
            return;
        }
        List<String> present = values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
        if (!present.isEmpty()) {
            facts.put(key, sentence.apply(String.join(", ", present)));
        }
    }
}

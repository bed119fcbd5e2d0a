package io.agentmemory.engine.api;

import java.math.BigDecimal;
import java.util.List;

/**
 * Preferences a planner sets explicitly. Each one present becomes one memory that later changes update in place,
 * so "budget 2,000-3,000 EUR" followed by "budget 3,000-4,000 EUR" leaves one budget memory with its history.
 */
public record TravelPreferences(
        List<String> destinations,
        List<String> activities,
        Budget budget,
        String travelStyle,
        String accommodationType,
        List<String> transport,
        List<String> dietaryRestrictions,
        List<String> accessibilityNeeds,
        List<String> languages,
        List<String> timePreferences) {

    public record Budget(BigDecimal min, BigDecimal max, String currency) {
    }
}

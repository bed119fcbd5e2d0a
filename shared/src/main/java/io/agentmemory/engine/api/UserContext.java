package io.agentmemory.engine.api;

import java.util.List;

/**
 * A user's memories grouped for a travel planner, with insights and a one-paragraph summary. With a
 * {@code type}, only that group is filled; insights and summary always cover every memory.
 */
public record UserContext(
        String userId,
        List<ContextEntry> preferences,
        List<ContextEntry> pastTrips,
        List<ContextEntry> savedDestinations,
        List<ContextEntry> budgetPatterns,
        List<ContextEntry> travelStyle,
        List<ContextEntry> dietaryRestrictions,
        List<ContextEntry> accommodationPreferences,
        List<ContextEntry> activityPreferences,
        TravelInsights insights,
        String summary,
        int memoryCount) {
}

package io.agentmemory.engine.context;

/** Quick signals a planner uses to pick which hits to show: does the memory name a place, money, a place to stay. */
public final class TravelFlags {

    private TravelFlags() {
    }

    public static boolean hasLocation(String memory) {
        return Destinations.any(memory);
    }

    public static boolean hasBudget(String memory) {
        return ContextGroup.BUDGET_PATTERNS.matchesText(memory);
    }

    public static boolean hasAccommodation(String memory) {
        return ContextGroup.ACCOMMODATION_PREFERENCES.matchesText(memory);
    }
}

package io.agentmemory.engine.api;

import java.util.List;

/**
 * What a travel planner can conclude from a user's memories.
 *
 * @param budgetRange     a {@link BudgetRange}, or the text {@code "no budget data"} when no memory states an amount
 * @param travelFrequency {@code frequent} (5+ past trips), {@code occasional} (2-4), {@code rare} (1) or {@code unknown}
 * @param primaryTravelStyle {@code luxury}, {@code budget}, {@code family}, {@code solo}, {@code group} or {@code general}
 */
public record TravelInsights(List<Mention> preferredDestinations, Object budgetRange, String travelFrequency,
                             int pastTrips, List<Mention> preferredActivities, String primaryTravelStyle) {

    public static final String NO_BUDGET_DATA = "no budget data";
}

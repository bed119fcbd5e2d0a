package io.agentmemory.engine.travel;

import io.agentmemory.engine.api.BudgetRange;
import io.agentmemory.engine.api.ContextEntry;
import io.agentmemory.engine.api.Memory;
import io.agentmemory.engine.api.Mention;
import io.agentmemory.engine.api.TravelInsights;
import io.agentmemory.engine.api.UserContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TravelContextBuilderTest {

    private static Memory memory(String text, String... categories) {
        return new Memory(UUID.randomUUID(), "u", text, Map.of(), List.of(categories), null, Instant.now(), Instant.now(), null);
    }

    private static List<String> texts(List<ContextEntry> entries) {
        return entries.stream().map(ContextEntry::memory).toList();
    }

    @Test
    void categoriesDecideTheGroupWhenTheyNameOne() {
        UserContext context = TravelContextBuilder.build("u", List.of(
                memory("Loves the Ritz in Paris", "accommodation"),
                memory("Kids are 5 and 7", "travel_style")), null);
        assertThat(texts(context.accommodationPreferences())).containsExactly("Loves the Ritz in Paris");
        assertThat(texts(context.travelStyle())).containsExactly("Kids are 5 and 7");
        assertThat(context.preferences()).as("categories win over the 'loves' keyword").isEmpty();
    }

    @Test
    void withoutCategoriesKeywordsDecideAndAMemoryMayJoinSeveralGroups() {
        UserContext context = TravelContextBuilder.build("u", List.of(
                memory("Prefers vegetarian restaurants"),
                memory("Budget is about 2,000 EUR"),
                memory("Visited Kyoto in 2023"),
                memory("Wants to visit Iceland someday"),
                memory("Prefers boutique hotels"),
                memory("Loves hiking and museums"),
                memory("Name is Anna")), null);
        assertThat(texts(context.preferences())).contains("Prefers vegetarian restaurants", "Prefers boutique hotels", "Loves hiking and museums");
        assertThat(texts(context.dietaryRestrictions())).containsExactly("Prefers vegetarian restaurants");
        assertThat(texts(context.budgetPatterns())).containsExactly("Budget is about 2,000 EUR");
        assertThat(texts(context.pastTrips())).containsExactly("Visited Kyoto in 2023");
        assertThat(texts(context.savedDestinations())).containsExactly("Wants to visit Iceland someday");
        assertThat(texts(context.accommodationPreferences())).containsExactly("Prefers boutique hotels");
        assertThat(texts(context.activityPreferences())).containsExactly("Loves hiking and museums");
        assertThat(context.memoryCount()).isEqualTo(7);
    }

    @Test
    void aTypeFillsOnlyThatGroupButInsightsCoverEverything() {
        UserContext context = TravelContextBuilder.build("u", List.of(
                memory("Budget is about 2,000 EUR"), memory("Loves hiking")), ContextGroup.BUDGET_PATTERNS);
        assertThat(context.budgetPatterns()).hasSize(1);
        assertThat(context.preferences()).isEmpty();
        assertThat(context.insights().preferredActivities()).extracting(Mention::name).containsExactly("hiking");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Budget is $3000|USD|3000",
            "Budget is about 2,000 EUR|EUR|2000",
            "Spent €1.500 in Rome|EUR|1500",
            "Hotel budget USD 250 per night|USD|250",
            "Trip cost 1,500.50 dollars|USD|1500.50",
            "Flights around 3k GBP|GBP|3000",
            "Paid £899 for the tour|GBP|899",
    })
    void amountsInCommonCurrencyNotationsAreParsed(String text, String currency, String value) {
        assertThat(MoneyAmounts.in(text)).singleElement().satisfies(amount -> {
            assertThat(amount.currency()).isEqualTo(currency);
            assertThat(amount.value()).isEqualByComparingTo(value);
        });
    }

    @Test
    void insightsAndSummaryForAnExperiencedFamilyTraveller() {
        UserContext context = TravelContextBuilder.build("u", List.of(
                memory("Visited Japan with the kids in 2022"),
                memory("Visited Italy last summer with family"),
                memory("Went to Japan again in spring"),
                memory("Budget is usually $3,000 per trip"),
                memory("Budget was $2,000 for Italy"),
                memory("Budget is about 4,000 USD for Japan"),
                memory("Enjoys hiking and museums"),
                memory("Travels with family, kids are 5 and 7")), null);
        TravelInsights insights = context.insights();
        assertThat(insights.preferredDestinations()).extracting(Mention::name).startsWith("Japan", "Italy");
        assertThat(insights.preferredDestinations().get(0).count()).isEqualTo(3);
        assertThat(insights.budgetRange()).isInstanceOfSatisfying(BudgetRange.class, budget -> {
            assertThat(budget.currency()).isEqualTo("USD");
            assertThat(budget.min()).isEqualByComparingTo(new BigDecimal("2000"));
            assertThat(budget.average()).isEqualByComparingTo(new BigDecimal("3000"));
            assertThat(budget.average().toString()).as("a plain number in JSON").isEqualTo("3000");
            assertThat(budget.max()).isEqualByComparingTo(new BigDecimal("4000"));
        });
        assertThat(insights.primaryTravelStyle()).isEqualTo("family");
        assertThat(insights.travelFrequency()).isEqualTo("occasional");
        assertThat(context.summary()).isEqualTo("Frequently travels to: Japan, Italy. Travel style: family. "
                + "Average budget: 3,000 USD. Enjoys: hiking, museums.");
    }

    @Test
    void aNewUserHasNoBudgetDataAndTheNewUserSummary() {
        UserContext context = TravelContextBuilder.build("u", List.of(), null);
        assertThat(context.insights().budgetRange()).isEqualTo(TravelInsights.NO_BUDGET_DATA);
        assertThat(context.insights().primaryTravelStyle()).isEqualTo("general");
        assertThat(context.insights().travelFrequency()).isEqualTo("unknown");
        assertThat(context.summary()).isEqualTo("New user with limited travel history");
    }

    @Test
    void travelFlagsSpotPlacesMoneyAndStays() {
        assertThat(TravelFlags.hasLocation("Flight LH1234 to Tokyo")).isTrue();
        assertThat(TravelFlags.hasLocation("Prefers window seats")).isFalse();
        assertThat(TravelFlags.hasBudget("Budget is about 2,000 EUR")).isTrue();
        assertThat(TravelFlags.hasBudget("Paid €120 for the tour")).isTrue();
        assertThat(TravelFlags.hasBudget("Hotel Artemide for 180 EUR a night")).isTrue();
        assertThat(TravelFlags.hasAccommodation("Staying at Hotel Artemide")).isTrue();
        assertThat(TravelFlags.hasAccommodation("Is vegetarian")).isFalse();
    }

    @Test
    void aTextsRememberedFlagsAreTheOnesItsPatternsGive() {
        for (String text : List.of("Flight LH1234 to Tokyo", "Budget is about 2,000 EUR", "Staying at Hotel Artemide in Rome",
                "Is vegetarian")) {
            TravelFlags expected = new TravelFlags(TravelFlags.hasLocation(text), TravelFlags.hasBudget(text),
                    TravelFlags.hasAccommodation(text));
            assertThat(TravelFlags.of(text)).isEqualTo(expected);
            assertThat(TravelFlags.of(text)).as("asked again").isEqualTo(expected);
        }
        assertThat(TravelFlags.of("Staying at Hotel Artemide in Rome")).isEqualTo(new TravelFlags(true, false, true));
    }
}

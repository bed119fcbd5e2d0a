package io.agentmemory.engine;

import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.TravelPreferences;
import io.agentmemory.engine.api.UserContext;
import io.agentmemory.engine.api.ValidationException;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.SharedEngineTest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContextAndPreferencesTest extends SharedEngineTest {

    private static TravelPreferences budget(String min, String max) {
        return new TravelPreferences(null, null, new TravelPreferences.Budget(new BigDecimal(min), new BigDecimal(max), "eur"),
                null, null, null, null, null, null, null);
    }

    @Test
    void theContextGroupsTheUsersMemoriesAndIsCachedUntilTheNextWrite() {
        String user = newUser();
        EngineFixture.store(engine, user, "Visited Japan in 2023", "Budget is about 2,000 EUR");
        UserContext first = engine.context(user, null).block(WAIT);
        assertThat(first.pastTrips()).hasSize(1);
        assertThat(first.budgetPatterns()).hasSize(1);
        assertThat(first.summary()).contains("Japan").contains("2,000 EUR");

        EngineFixture.store(engine, user, "Loves hiking in the Alps");
        UserContext afterWrite = engine.context(user, null).block(WAIT);
        assertThat(afterWrite.memoryCount()).as("a write makes the cached context stale at once").isEqualTo(3);
        assertThat(afterWrite.activityPreferences()).hasSize(1);
    }

    @Test
    void aTypeSelectsOneGroupAndAnUnknownTypeIsAValidationError() {
        String user = newUser();
        EngineFixture.store(engine, user, "Budget is about 2,000 EUR", "Loves hiking");
        UserContext budgetOnly = engine.context(user, "budgetPatterns").block(WAIT);
        assertThat(budgetOnly.budgetPatterns()).hasSize(1);
        assertThat(budgetOnly.activityPreferences()).isEmpty();
        assertThatThrownBy(() -> engine.context(user, "hobbies").block(WAIT))
                .isInstanceOf(ValidationException.class).hasMessageContaining("budgetPatterns");
    }

    @Test
    void aChangedPreferenceUpdatesItsMemoryInsteadOfAddingAContradiction() {
        String user = newUser();
        AddResult first = engine.setPreferences(user, budget("2000", "3000"), null).block(WAIT);
        assertThat(first.results()).singleElement().satisfies(r -> {
            assertThat(r.event()).isEqualTo(MemoryEvent.ADD);
            assertThat(r.memory()).isEqualTo("Budget is 2,000 to 3,000 EUR");
        });
        AddResult same = engine.setPreferences(user, budget("2000", "3000"), null).block(WAIT);
        assertThat(same.results().get(0).event()).isEqualTo(MemoryEvent.NOOP);
        AddResult changed = engine.setPreferences(user, budget("3000", "4000"), null).block(WAIT);
        assertThat(changed.results()).singleElement().satisfies(r -> {
            assertThat(r.event()).isEqualTo(MemoryEvent.UPDATE);
            assertThat(r.id()).isEqualTo(first.results().get(0).id());
            assertThat(r.previousMemory()).isEqualTo("Budget is 2,000 to 3,000 EUR");
        });
        assertThat(engine.list(user, 20, null).block(WAIT).memories()).hasSize(1);
        assertThat(engine.history(user, first.results().get(0).id()).block(WAIT)).hasSize(2);
        assertThat(engine.context(user, null).block(WAIT).budgetPatterns()).singleElement()
                .satisfies(e -> assertThat(e.memory()).isEqualTo("Budget is 3,000 to 4,000 EUR"));
    }

    @Test
    void everyKindOfPreferenceIsStoredUnderItsCategory() {
        String user = newUser();
        TravelPreferences all = new TravelPreferences(List.of("Japan", "Italy"), List.of("hiking", "museums"),
                new TravelPreferences.Budget(null, new BigDecimal("5000"), "USD"), "family", "boutique hotels",
                List.of("train"), List.of("vegetarian"), List.of("step-free access"), List.of("English", "Italian"),
                List.of("spring", "autumn"));
        AddResult result = engine.setPreferences(user, all, "travel-preferences").block(WAIT);
        assertThat(result.results()).hasSize(10).allMatch(r -> r.event() == MemoryEvent.ADD);
        assertThat(engine.list(user, 20, null).block(WAIT).memories())
                .allSatisfy(m -> assertThat(m.categories()).contains("travel-preferences"));
        UserContext context = engine.context(user, null).block(WAIT);
        assertThat(context.budgetPatterns()).hasSize(1);
        assertThat(context.dietaryRestrictions()).hasSize(1);
        assertThat(context.travelStyle()).hasSize(1);
        assertThat(context.insights().primaryTravelStyle()).isEqualTo("family");
    }

    @Test
    void emptyPreferencesAreRejected() {
        TravelPreferences none = new TravelPreferences(List.of(), null, null, " ", null, null, null, null, null, null);
        assertThatThrownBy(() -> engine.setPreferences(newUser(), none, null).block(WAIT))
                .isInstanceOf(ValidationException.class).hasMessageContaining("at least one preference");
    }
}

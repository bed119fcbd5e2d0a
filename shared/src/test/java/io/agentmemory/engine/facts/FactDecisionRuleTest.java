package io.agentmemory.engine.facts;

import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.extraction.TextNormalizer;
import io.agentmemory.engine.testing.DecisionSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class FactDecisionRuleTest {

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Prefers aisle seats              | Now prefers window seats            | UPDATE
            Lives in Lyon                    | Moved to Berlin                     | UPDATE
            Budget is about 2,000 EUR        | Budget is about 3,000 EUR           | UPDATE
            Frequent flyer number is FF-1000 | Frequent flyer number is FF-2000    | UPDATE
            Eats meat                        | No longer eats meat                 | UPDATE
            Works at Google                  | Started a new job at Stripe         | UPDATE
            Has two children                 | Has three children                  | UPDATE
            Sister is a doctor               | Sister is a nurse                   | UPDATE
            Is allergic to peanuts           | Is allergic to shellfish            | ADD
            Favourite city number 3 is Porto | Favourite city number 4 is Lima     | ADD
            Lives in Berlin                  | Sister lives in Berlin              | ADD
            Son studies in Oxford            | Daughter studies in Oxford          | ADD
            Prefers window seats             | Prefers vegetarian meals on flights | ADD
            Has a dog named Rex              | Has a dog named Bella               | ADD
            Speaks French                    | Speaks Spanish                      | ADD
            Has visited Japan                | Visited Peru                        | ADD
            Priya: The kiln cracked on Tuesday | Priya: A stall at the Ropewalk market in June | ADD
            Priya is firing the new glazes     | Priya is still looking for a studio | ADD
            Favourite season is autumn       | Favourite season is spring          | UPDATE
            Jo is the manager of the deli    | Jo is pregnant                      | ADD
            Lisbon is expensive in August    | Lisbon is lovely in May             | ADD
            Birthday is 3 May                | Birthday is 4 May                   | UPDATE
            Is vegetarian                    | Is a vegetarian                     | NOOP
            Budget is about 2,000 EUR        | Budget is around 2000 EUR           | NOOP
            Is allergic to peanuts           | Has a peanut allergy                | NOOP
            Prefers window seats             | prefers  window seats.              | NOOP
            """)
    void extractedFactsAreComparedByAttribute(String existing, String fact, MemoryEvent expected) {
        KnownMemory memory = new KnownMemory(UUID.randomUUID(), existing, TextNormalizer.key(existing));

        Verdict verdict = FactDecisionRule.decide(fact, TextNormalizer.key(fact), true, List.of(memory), Set.of());

        assertThat(verdict.event()).isEqualTo(expected);
        assertThat(verdict.target()).isEqualTo(expected == MemoryEvent.ADD ? null : memory);
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            My favourite city number 1 is City1ville. | My favourite city number 2 is City2ville. | ADD
            I prefer aisle seats.                     | I now prefer window seats.                | ADD
            Budget is about 2,000 EUR                 | Budget is about 3,000 EUR                 | ADD
            I prefer aisle seats.                     | i prefer aisle seats                      | NOOP
            """)
    void factsStoredAsSentAreOnlyEverExactDuplicates(String existing, String fact, MemoryEvent expected) {
        KnownMemory memory = new KnownMemory(UUID.randomUUID(), existing, TextNormalizer.key(existing));

        Verdict verdict = FactDecisionRule.decide(fact, TextNormalizer.key(fact), false, List.of(memory), Set.of());

        assertThat(verdict.event()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Prefers aisle seats
            Lives in Lyon
            """)
    void aMemoryIsUpdatedOncePerRequest(String existing) {
        KnownMemory memory = new KnownMemory(UUID.randomUUID(), existing, TextNormalizer.key(existing));
        String fact = existing.startsWith("Prefers") ? "Prefers window seats" : "Moved to Oslo";

        Verdict verdict = FactDecisionRule.decide(fact, TextNormalizer.key(fact), true, List.of(memory), Set.of(memory.id()));

        assertThat(verdict.event()).isEqualTo(MemoryEvent.ADD);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Prefers window seats | Prefers aisle seats | Prefers window seats
            """)
    void anExactDuplicateWinsOverAnotherVersionOfTheAttribute(String fact, String olderVersion, String sameText) {
        KnownMemory older = new KnownMemory(UUID.randomUUID(), olderVersion, TextNormalizer.key(olderVersion));
        KnownMemory same = new KnownMemory(UUID.randomUUID(), sameText, TextNormalizer.key(sameText));

        Verdict verdict = FactDecisionRule.decide(fact, TextNormalizer.key(fact), true, List.of(older, same), Set.of());

        assertThat(verdict).isEqualTo(new Verdict(MemoryEvent.NOOP, same));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Priya: The kiln cracked on Tuesday                      | Priya: The kiln broke on Tuesday
            The kiln in our shared studio cracked again last night  | The shared kiln in our studio cracked again last night
            """)
    void aFactTheTableDoesNotReadIsDecidedWithoutItsNearestMemories(String fact, String similar) {
        assertThat(FactDecisionRule.usesNearestMemories(fact, true)).isFalse();
        KnownMemory near = new KnownMemory(UUID.randomUUID(), similar, TextNormalizer.key(similar));
        KnownMemory same = new KnownMemory(UUID.randomUUID(), fact, TextNormalizer.key(fact));

        assertThat(FactDecisionRule.decide(fact, TextNormalizer.key(fact), true, List.of(near), Set.of()))
                .isEqualTo(FactDecisionRule.decide(fact, TextNormalizer.key(fact), true, List.of(), Set.of()));
        assertThat(FactDecisionRule.decide(fact, TextNormalizer.key(fact), true, List.of(near, same), Set.of()))
                .isEqualTo(new Verdict(MemoryEvent.NOOP, same));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Budget is about 3,000 EUR", "Prefers aisle seats", "Moved to Berlin", "Speaks Spanish"})
    void aFactTheTableReadsIsDecidedWithItsNearestMemoriesUnlessStoredAsSent(String fact) {
        assertThat(FactDecisionRule.usesNearestMemories(fact, true)).isTrue();
        assertThat(FactDecisionRule.usesNearestMemories(fact, false)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Budget is about 3,000 EUR", "Prefers aisle seats", "Frequent flyer number is LH-123456"})
    void aFactOfASingleValuedAttributeThatStatesNoChangeRanksOnlyMemoriesAnOlderTableRead(String fact) {
        assertThat(FactDecisionRule.nearestMemoriesNeeded(fact, true)).isEqualTo(FactDecisionRule.NearestMemories.READ_BY_AN_OLDER_TABLE);
        assertThat(FactDecisionRule.nearestMemoriesNeeded(fact, false)).isEqualTo(FactDecisionRule.NearestMemories.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Switched to aisle seats", "Speaks Spanish", "Now rents cars from Hertz instead of Sixt"})
    void aFactThatStatesAChangeOrHasManyValuesRanksAllMemories(String fact) {
        assertThat(FactDecisionRule.nearestMemoriesNeeded(fact, true)).isEqualTo(FactDecisionRule.NearestMemories.ALL);
    }

    /**
     * The claim the ranking's narrowing rests on, over the project's decision set: for a fact that ranks only memories
     * an older table read, a memory the current table reads with another attribute (and another text) never changes
     * the decision, so leaving it out of the candidates decides the same.
     */
    @Test
    void aMemoryOfAnotherAttributeNeverDecidesAFactThatRanksOnlyOlderReadings() {
        int checked = 0;
        for (DecisionSet.Pair pair : DecisionSet.load().pairs()) {
            if (FactDecisionRule.nearestMemoriesNeeded(pair.fact(), true) != FactDecisionRule.NearestMemories.READ_BY_AN_OLDER_TABLE) {
                continue;
            }
            String factAttribute = FactReadings.storedKeyOf(pair.fact());
            String memoryAttribute = FactReadings.storedKeyOf(pair.existing());
            String factKey = TextNormalizer.key(pair.fact());
            if (java.util.Objects.equals(factAttribute, memoryAttribute) || factKey.equals(TextNormalizer.key(pair.existing()))) {
                continue; // proposed by its attribute or its text whatever the ranking
            }
            KnownMemory existing = new KnownMemory(UUID.randomUUID(), pair.existing(), TextNormalizer.key(pair.existing()));
            assertThat(FactDecisionRule.decide(pair.fact(), factKey, true, List.of(existing), Set.of()))
                    .as(pair.id()).isEqualTo(FactDecisionRule.decide(pair.fact(), factKey, true, List.of(), Set.of()));
            checked++;
        }
        assertThat(checked).as("pairs the narrowing could change").isGreaterThan(20);
    }
}

package io.agentmemory.engine.extraction.evaluation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class GarbledFactCheckTest {

    /** What the old local extractor produced, quoted in the issue, and the other ways a rewrite goes wrong. */
    @ParameterizedTest
    @ValueSource(strings = {
            "Recentlies moved to Lyon", "Noes longer eat meat", "Nows prefer window seats", "Prefer window seats",
            "Likes my coffee black", "Is vegetarian and", "Does not eats pork", "Cannot flies", "Is is vegetarian",
            "Window seat", "We live in Utrecht",
    })
    void garbledRewritesAreCaught(String fact) {
        assertThat(GarbledFactCheck.isGarbled(fact)).as(fact).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Prefers window seats", "Recently moved to Lyon", "No longer eats meat", "Sister lives in Berlin",
            "Is vegetarian", "Has two kids", "Does not eat pork", "Name is Anna", "They and their wife both work in tech",
            "Usual email sign-off is 'Best, Ruth'", "Kids are 5 and 7", "Used to live in Rome",
    })
    void grammaticalThirdPersonFactsPass(String fact) {
        assertThat(GarbledFactCheck.problem(fact)).as(fact).isEmpty();
    }
}

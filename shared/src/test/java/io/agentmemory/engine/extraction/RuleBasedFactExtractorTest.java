package io.agentmemory.engine.extraction;

import io.agentmemory.engine.api.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RuleBasedFactExtractorTest {

    private final RuleBasedFactExtractor extractor = new RuleBasedFactExtractor();

    private List<String> fromUser(String... contents) {
        return extractor.extract(java.util.Arrays.stream(contents).map(c -> new Message("user", c)).toList());
    }

    @Test
    void oneMessageWithThreeDurableFactsGivesThreeThirdPersonFacts() {
        assertThat(fromUser("Hi there! I'm vegetarian, I prefer window seats and my budget is about 2,000 EUR."))
                .containsExactly("Is vegetarian", "Prefers window seats", "Budget is about 2,000 EUR");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "I prefer aisle seats|Prefers aisle seats",
            "I love hiking in the Alps.|Loves hiking in the Alps",
            "I usually fly with Lufthansa|Usually flies with Lufthansa",
            "I never stay in hostels|Never stays in hostels",
            "I don't eat pork|Does not eat pork",
            "I can't walk long distances|Cannot walk long distances",
            "I have two kids aged 5 and 7|Has two kids aged 5 and 7",
            "I've been to Japan twice|Has been to Japan twice",
            "I live in Berlin|Lives in Berlin",
            "I speak Spanish and Italian|Speaks Spanish and Italian",
            "My name is Anna|Name is Anna",
            "My kids are 5 and 7|Kids are 5 and 7",
            "I like my coffee black|Likes their coffee black",
            "I visited Rome in 2023|Visited Rome in 2023",
            "Also, I am allergic to peanuts!|Is allergic to peanuts",
            "I’m gluten-free|Is gluten-free",
    })
    void firstPersonStatementsBecomeThirdPersonFacts(String said, String fact) {
        assertThat(fromUser(said)).containsExactly(fact);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Hello!",
            "Thanks, that's great.",
            "Can you find me a hotel in Rome?",
            "Do I need a visa for Japan?",
            "I'd like to book a table for two",
            "I'm looking for a cheap flight",
            "I think that sounds fine",
            "I'm tired today",
            "Book the 9:40 train please",
    })
    void greetingsQuestionsRequestsAndPassingStatesAreNotFacts(String said) {
        assertThat(fromUser(said)).isEmpty();
    }

    @Test
    void onlyTheUsersOwnTurnsCount() {
        List<String> facts = extractor.extract(List.of(
                new Message("system", "I am a helpful travel assistant."),
                new Message("assistant", "I prefer to ask about budgets first."),
                new Message("user", "I prefer trains over planes.")));
        assertThat(facts).containsExactly("Prefers trains over planes");
    }

    @Test
    void repeatedFactsAreReportedOnceInConversationOrder() {
        assertThat(fromUser("I prefer window seats.", "I love sushi. I prefer  window seats!"))
                .containsExactly("Prefers window seats", "Loves sushi");
    }

    @Test
    void aPastedDocumentIsCappedAtTheFactLimit() {
        String many = String.join(" ", IntStream.range(0, 50).mapToObj(i -> "I visited city number " + i + ".").toList());
        assertThat(fromUser(many)).hasSize(RuleBasedFactExtractor.FACTS_MAX).startsWith("Visited city number 0");
    }

    @Test
    void emptyAndBlankMessagesGiveNothing() {
        assertThat(fromUser("", "   ", "\n")).isEmpty();
        assertThat(extractor.extract(List.of(new Message("user", null)))).isEmpty();
    }
}

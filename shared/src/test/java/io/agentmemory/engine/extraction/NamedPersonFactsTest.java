package io.agentmemory.engine.extraction;

import io.agentmemory.engine.api.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What another named person in the conversation says about themselves, kept under their name. */
class NamedPersonFactsTest {

    private final RuleBasedFactExtractor extractor = new RuleBasedFactExtractor();

    private List<String> fromLeo(String said) {
        return extractor.extract(List.of(new Message("assistant", said, "Leo")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "I start at the bakery on Monday.|Leo starts at the bakery on Monday",
            "I'm finally quitting the steakhouse to open my own food truck.|Leo is finally quitting the steakhouse to open their own food truck",
            "Good call. I bought the truck last weekend, by the way!|Leo bought the truck last weekend",
            "I've rented space at a commissary kitchen in East Austin.|Leo has rented space at a commissary kitchen in East Austin",
            "I barely had time to breathe.|Leo barely had time to breathe",
            "My sister lives in Berlin.|Leo's sister lives in Berlin",
            "My line cook Marisa is buying it.|Leo's line cook Marisa is buying it",
            "I got it! Bangor offered me the lectureship yesterday.|Bangor offered Leo the lectureship yesterday",
            "I dug up my potatoes yesterday, eleven kilos.|Leo dug up their potatoes yesterday, eleven kilos",
            "Sensible. My news: I have an interview at Southmead Hospital next Monday.|Leo has an interview at Southmead Hospital next Monday",
            "Our news: we gave in and got the kids two guinea pigs.|Leo: They gave in and got the kids two guinea pigs",
            "Jamal got offered a job in Denver.|Leo: Jamal got offered a job in Denver",
    })
    void aStatementAboutThemselvesNamesThemInTheThirdPerson(String said, String fact) {
        assertThat(fromLeo(said)).containsExactly(fact);
    }

    @Test
    void aStatementAfterALabelIsReadAsIfItOpenedTheSentence() {
        assertThat(fromLeo("Heads up: the recital is next Saturday at seven.")).containsExactly("Leo: The recital is next Saturday at seven");
    }

    @Test
    void andIAfterACommaOpensAClauseWhoseVerbTakesTheName() {
        assertThat(fromLeo("The aquarium in Hull has an opening, and I'm applying."))
                .containsExactly("The aquarium in Hull has an opening, and Leo is applying");
        assertThat(fromLeo("My wife and I moved to Leeds in May.")).containsExactly("Leo and their wife moved to Leeds in May");
    }

    @ParameterizedTest
    @ValueSource(strings = {"I'm going!", "Yes, I'm coming.", "I can't come, sorry.", "I approve."})
    void anAnswerThatStopsOnItsVerbIsNoFact(String said) {
        assertThat(fromLeo(said)).isEmpty();
    }

    @Test
    void aFragmentAfterTheirStatementCompletesIt() {
        assertThat(fromLeo("Great news, I got a job! Sous-chef at a ramen bar in Leith."))
                .containsExactly("Leo got a job: Sous-chef at a ramen bar in Leith");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Your sister in Glasgow, then.",
            "A cottage in Whitby next month.",
            "Saturday at the Crown, you and me.",
    })
    void aFragmentAloneOrSaidToSomeoneIsNotKept(String said) {
        assertThat(fromLeo(said)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "How's your swimming?",
            "You'll crush the bike and the run.",
            "Tell him I said to hang in there.",
            "Let me know how it goes.",
            "Maybe we'll go to Rome in May.",
    })
    void questionsRequestsHedgesAndWordsAboutTheUserAreNotKept(String said) {
        assertThat(fromLeo(said)).isEmpty();
    }

    @Test
    void anAiAssistantsSuggestionsStayContext() {
        assertThat(extractor.extract(List.of(new Message("assistant", "I booked you a table at Dishoom on Friday.")))).isEmpty();
        assertThat(extractor.extract(List.of(new Message("assistant", "I start at the bakery on Monday.", " ")))).isEmpty();
    }

    @Test
    void aNameOnTheUsersOwnTurnChangesNothing() {
        assertThat(extractor.extract(List.of(new Message("user", "I start at the bakery on Monday.", "Dana"))))
                .containsExactly("Starts at the bakery on Monday");
    }

    @Test
    void theOtherPersonsFactsKeepTheirWordsAsSourceAndTheirDates() {
        String said = "I'm handing the truck to Marisa at the end of July.";
        List<ExtractedFact> facts = extractor.extractFacts(ExtractionRequest.of(
                List.of(new Message("assistant", said, "Leo")), Instant.parse("2025-06-01T10:00:00Z")));
        assertThat(facts).singleElement().satisfies(fact -> {
            assertThat(fact.text()).isEqualTo("Leo is handing the truck to Marisa at the end of July");
            assertThat(fact.date()).isEqualTo("2025-07");
            assertThat(fact.source()).isEqualTo(said);
        });
    }

    @Test
    void aTurnInAnotherLanguageIsKeptVerbatimUnderTheirName() {
        assertThat(extractor.extract(List.of(new Message("assistant", "Je commence à la boulangerie lundi.", "Léa"))))
                .containsExactly("Léa: Je commence à la boulangerie lundi.");
    }

    @Test
    void bothSpeakersFactsComeFromOneConversation() {
        assertThat(extractor.extract(List.of(
                new Message("assistant", "I start at the bakery on Monday.", "Leo"),
                new Message("user", "I moved to Lyon last year."))))
                .containsExactly("Leo starts at the bakery on Monday", "Moved to Lyon last year");
    }
}

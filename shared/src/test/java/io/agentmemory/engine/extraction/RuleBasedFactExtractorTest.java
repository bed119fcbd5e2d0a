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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "My sister lives in Berlin.|Sister lives in Berlin",
            "My son studies in Oxford.|Son studies in Oxford",
            "My kids love Disneyland.|Kids love Disneyland",
            "I recently moved to Lyon.|Recently moved to Lyon",
            "I no longer eat meat.|No longer eats meat",
            "I now prefer window seats.|Now prefers window seats",
            "I still live with my parents.|Still lives with their parents",
            "I've already got my visa for India.|Has already got their visa for India",
            "I just got engaged!|Just got engaged",
            "I'm not a morning person.|Is not a morning person",
            "I need step-free access.|Needs step-free access",
            "I used to live in Rome.|Used to live in Rome",
            "I would never stay in a hostel again.|Would never stay in a hostel again",
            "We live just outside Utrecht.|Lives just outside Utrecht",
            "Our son has ADHD.|Son has ADHD",
            "My brother's a pilot with Ryanair.|Brother is a pilot with Ryanair",
            "My wife and I both work in tech.|They and their wife both work in tech",
    })
    void theUsersPeopleAdverbsNegationsAndWeAreRewrittenWithoutGarbling(String said, String fact) {
        assertThat(fromUser(said)).containsExactly(fact);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "I might move to Spain next year.",
            "I should really exercise more.",
            "Maybe I'll try the vegan menu.",
            "I'm thinking about getting a dog.",
            "I'd like to book a table for two at 8.",
    })
    void modalsThatHedgeAreNotFacts(String said) {
        assertThat(fromUser(said)).isEmpty();
    }

    @Test
    void aPronounNamesThePersonTheTurnIsAbout() {
        assertThat(fromUser("My son just started at Oxford, he's studying chemistry."))
                .containsExactly("Son just started at Oxford", "Son is studying chemistry");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Do you have kids?|Yes, two.|Has two kids",
            "Window or aisle?|Aisle, always.|Always prefers aisle",
            "Where are you based?|Rotterdam.|Is based in Rotterdam",
            "Do you drink alcohol? I can pick a wine pairing.|Not anymore.|No longer drinks alcohol",
            "Is your sister still in Berlin?|Yep.|Sister is still in Berlin",
            "Have you been to Japan before?|Twice, actually.|Has been to Japan twice",
            "What's your shoe size? The ski rental needs it.|44.|Shoe size is 44",
    })
    void aShortAnswerIsReadWithTheQuestionBeforeIt(String question, String answer, String fact) {
        List<String> facts = extractor.extract(List.of(new Message("assistant", question), new Message("user", answer)));
        assertThat(facts).containsExactly(fact);
    }

    @Test
    void aShortAnswerToAQuestionAboutTheAssistantsNextStepIsNotAFact() {
        assertThat(extractor.extract(List.of(
                new Message("assistant", "Should I book for one person or two?"), new Message("user", "Two."))))
                .isEmpty();
    }

    @Test
    void relativeTimesResolveAgainstWhenTheConversationHappened() {
        java.time.Instant observedAt = java.time.Instant.parse("2025-05-02T10:00:00Z");
        List<ExtractedFact> facts = extractor.extractFacts(ExtractionRequest.of(List.of(
                new Message("user", "Next month we fly to Oslo. I have a dentist appointment in two weeks. "
                        + "My dad passed away two years ago. I prefer window seats.")), observedAt));
        assertThat(facts).extracting(ExtractedFact::text, ExtractedFact::date).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Flies to Oslo next month", "2025-06"),
                org.assertj.core.groups.Tuple.tuple("Has a dentist appointment in two weeks", "2025-05-16"),
                org.assertj.core.groups.Tuple.tuple("Dad passed away two years ago", "2023"),
                org.assertj.core.groups.Tuple.tuple("Prefers window seats", null));
        assertThat(facts.get(0).memoryText()).isEqualTo("Flies to Oslo next month (2025-06)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Dad played nine holes of golf on Thursday.|Dad played nine holes of golf on Thursday",
            "So, confession: after the leave fiasco I applied for another job, and the interview was last Thursday."
                    + "|After the leave fiasco they applied for another job, and the interview was last Thursday",
            "Pepper is a six-year-old springer spaniel.|Pepper is a six-year-old springer spaniel",
            "The estate agent came round on Thursday to value our house.|The estate agent came round on Thursday to value their house",
    })
    void aSpecificStatementTheClauseRulesCannotRewriteIsKeptInTheUsersWordsWithThePersonShifted(String said, String fact) {
        assertThat(fromUser(said)).containsExactly(fact);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "That was lovely.",
            "Book me on that, in spirit at least.",
            "I'm so happy for you and Jamal.",
            "I'd like to book a table at Dishoom on Friday.",
            "Maybe we'll go to Rome in May.",
            "Which train is faster, the 9:15 or the 10:40",
    })
    void questionsRequestsWishesAndWordsToTheOtherSpeakerAreNotKeptEvenWhenSpecific(String said) {
        assertThat(fromUser(said)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Our bid on the flat in Leith was accepted! £212,000.|Their bid on the flat in Leith was accepted: £212,000",
            "I picked up the camper van on Friday. 2019, 40,000 miles, for $18,400."
                    + "|Picked up the camper van on Friday: 2019, 40,000 miles, for $18,400",
    })
    void aVerblessFragmentOfNumbersAfterAStatementCompletesIt(String said, String fact) {
        assertThat(fromUser(said)).containsExactly(fact);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "I finally booked the ferry. Lovely, thanks.",
            "We moved the party to Saturday. No idea why you asked.",
            "I've seen the flat twice. Don't tell Grandma Rose yet.",
    })
    void aFragmentWithoutNumbersOrNamesOrOneAboutTheOtherSpeakerAddsNothing(String said) {
        assertThat(fromUser(said)).hasSize(1).allSatisfy(fact -> assertThat(fact).doesNotContain(":"));
    }

    /** A rewrite that keeps a clause but drops the number or the name the sentence was said for keeps the sentence. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "The deposit is £1,400 and we're paying it in two parts.|The deposit is £1,400 and they are paying it in two parts",
            "Grandpa Ray still plays bowls at the Millbrook club on Sundays, so we visit him after church."
                    + "|Grandpa Ray still plays bowls at the Millbrook club on Sundays, so they visit him after church",
    })
    void aSentenceWhoseRewriteLosesANumberOrANameIsKeptInTheUsersWords(String said, String fact) {
        assertThat(fromUser(said)).containsExactly(fact);
    }

    @Test
    void aNumberSpelledOutCountsAsADetail() {
        assertThat(fromUser("He's thirteen and on asthma inhalers morning and night, so we can't leave him with just anyone."))
                .containsExactly("He's thirteen and on asthma inhalers morning and night, so they cannot leave him with just anyone");
        assertThat(fromUser("She came in a green sari she sewed herself, at seventy."))
                .containsExactly("She came in a green sari she sewed herself, at seventy");
    }

    @Test
    void aLabelBeforeTheNewsInsideASentenceIsNotPartOfTheFact() {
        assertThat(fromUser("Oh, and one more thing: I'm allergic to sesame, I carry an EpiPen."))
                .containsExactly("Is allergic to sesame", "Carries an EpiPen");
    }

    @Test
    void aRewriteThatKeepsEveryNumberAndNameStaysTheRewrite() {
        assertThat(fromUser("I'm 41 and I teach maths in Dundee.")).containsExactly("Is 41", "Teaches maths in Dundee");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Ruth has a nut allergy, is that going to be an issue at the hotel?|Ruth has a nut allergy",
            "I'm flying back from Porto on the 3rd, what time should I leave for the airport?|Is flying back from Porto on the 3rd",
    })
    void aStatementWithAQuestionTackedOnIsKept(String said, String fact) {
        assertThat(fromUser(said)).containsExactly(fact);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Oskar will be the best man.|Oskar will be the best man",
            "Benedikt has a season ticket for the opera.|Benedikt has a season ticket for the opera",
    })
    void aStatementAboutSomeoneByNameIsKeptThoughTheNameIsNotKnownYet(String said, String fact) {
        assertThat(fromUser(said)).containsExactly(fact);
    }

    @Test
    void aStatementAboutOthersAfterAnOpeningWordIsKept() {
        assertThat(fromUser("Also, the whole choir is coming: Brenda on alto and Gwen on soprano."))
                .containsExactly("The whole choir is coming: Brenda on alto and Gwen on soprano");
        assertThat(fromUser("so the whole thing was lovely.")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Swimming is good for the knee.", "Everything was lovely.", "Honestly was not expecting that."})
    void aCapitalisedOpeningThatIsNoNameIsNotSpecific(String said) {
        assertThat(fromUser(said)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "If we land at 9 in Madrid, can we make the 11:30 train?",
            "Sorry to bother you again, is the museum open on Mondays?",
    })
    void aConditionOrAPleasantryBeforeAQuestionIsNoStatement(String said) {
        assertThat(fromUser(said)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Move the dentist to Thursday, the 14th suits Priyanka better.", "Cancel the Lisbon hotel for the 3rd."})
    void aRequestThatNamesADayOrAPlaceIsStillARequest(String said) {
        assertThat(fromUser(said)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Marco's a retired pilot.|Marco is a retired pilot",
            "Priti's picking us up at the station on Friday.|Priti is picking them up at the station on Friday",
            "Tom's wedding is in June.|Tom's wedding is in June",
    })
    void anApostropheSBeforeAnArticleOrAProgressiveWithItsObjectIsIs(String said, String fact) {
        assertThat(fromUser(said)).containsExactly(fact);
    }

    @Test
    void aHedgeOverTheLastPartOfASentenceLeavesTheStatementBeforeIt() {
        assertThat(fromUser("I want to learn the cello and maybe the piano.")).containsExactly("Wants to learn the cello");
        assertThat(fromUser("Maybe I'll learn the cello.")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "We signed up for a pottery course. It's £120 for six weeks.|Signed up for a pottery course: it is £120 for six weeks",
            "I bought a new bike on Saturday. It's great.|Bought a new bike on Saturday",
            "My son joined a rowing club. That was forty pounds to join.|Son joined a rowing club: that was forty pounds to join",
    })
    void aShortSentenceAboutItGivingANumberCompletesTheStatementBeforeIt(String said, String fact) {
        assertThat(fromUser(said)).containsExactly(fact);
    }

    @ParameterizedTest
    @ValueSource(strings = {"I'm going!", "Yes, I'm coming.", "I can't make it, sorry.", "I need to think."})
    void aVerbWithoutTheObjectOrPlaceItNeedsIsNoFact(String said) {
        assertThat(fromUser(said)).isEmpty();
    }

    @Test
    void aVerbWithItsPlaceOrAStateThatStandsAloneIsStillAFact() {
        assertThat(fromUser("I'm going to Crete in July.")).hasSize(1);
        assertThat(fromUser("I'm retiring.")).containsExactly("Is retiring");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Senior designer at a studio in Bristol. Flexible hours, mostly from home.",
            "Two in the afternoon at the Royal Infirmary.",
    })
    void aVerblessAnswerSentWithoutItsQuestionIsKeptAsSaid(String said) {
        assertThat(fromUser(said)).containsExactly(said);
    }

    @Test
    void aVerblessAnswerWithItsQuestionInTheSameAddIsNotKeptAsSaid() {
        String said = "Senior designer at a studio in Bristol. Flexible hours, mostly from home.";
        assertThat(extractor.extract(List.of(new Message("assistant", "Congratulations! What's the new role?"),
                new Message("user", said)))).doesNotContain(said);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Nice one, Sam.", "Great news. See you on Monday.", "Please: something quiet near the station in Leeds."})
    void aPleasantryOrARequestWithoutAVerbIsNoAnswer(String said) {
        assertThat(fromUser(said)).isEmpty();
    }

    @Test
    void aNameFollowedByAVerbInThePastIsTheSubjectOfAStatement() {
        assertThat(fromUser("Hilde painted the whole fence on her own.")).containsExactly("Hilde painted the whole fence on her own");
        assertThat(fromUser("Monday started badly.")).isEmpty();
    }

    @Test
    void aPlanAnchoredInTheDaysRoutineIsAFact() {
        assertThat(fromUser("I'll try oat milk after breakfast.")).containsExactly("Will try oat milk after breakfast");
        assertThat(fromUser("I'll try oat milk.")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"That's brilliant, Sam.", "I'm so sorry, Marguerite.", "We're really glad the move went well."})
    void aReactionOrAFeelingSaidToSomeoneIsNoFact(String said) {
        assertThat(fromUser(said)).isEmpty();
    }

    @Test
    void aNameAfterTheUsersRelationIsWhoTheyAreNotWhomTheUserAddresses() {
        assertThat(fromUser("The best man is my cousin, Oren.")).containsExactly("The best man is their cousin, Oren");
        assertThat(fromUser("The best man was brilliant, Oren.")).isEmpty();
    }

    @Test
    void aTimeOfTodayDatesAnEventInThePastButMarksAStateAsPassing() {
        assertThat(fromUser("We signed the lease this morning.")).containsExactly("Signed the lease this morning");
        assertThat(fromUser("Greta told me this morning that she's retiring. A cottage in Whitby, from October."))
                .containsExactly("Greta told them this morning that she's retiring: A cottage in Whitby, from October");
        assertThat(fromUser("I'm exhausted this morning.")).isEmpty();
    }

    @Test
    void anApostropheSBeforeMoreOfIsIs() {
        assertThat(fromUser("Hilde's more of a roses person.")).containsExactly("Hilde is more of a roses person");
    }

    @Test
    void aTurnInAnotherLanguageIsKeptInTheUsersOwnWords() {
        assertThat(fromUser("Je suis végétarienne et j'habite à Lyon.")).containsExactly("Je suis végétarienne et j'habite à Lyon.");
        assertThat(fromUser("¿Hay vuelos directos a Lima?")).isEmpty();
    }
}

package io.agentmemory.engine.extraction;

import io.agentmemory.engine.extraction.RelativeDates.ResolvedDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class RelativeDatesTest {

    /** A Tuesday, 11 February 2025: the phrases are resolved as the conversation set's answers resolve them. */
    private static final Instant TUESDAY = Instant.parse("2025-02-11T19:40:00Z");

    @ParameterizedTest(name = "{1} on {0} → {2}")
    @CsvSource(delimiter = '|', value = {
            "2025-02-03|I have surgery on my shoulder tomorrow|2025-02-04",
            "2025-03-12|Started last week|2025-03",
            "2025-05-02|Next month we fly to Oslo|2025-06",
            "2025-04-07|I have a dentist appointment in two weeks|2025-04-21",
            "2025-04-09|My dad passed away two years ago|2023",
            "2025-06-18|My sister's wedding is on Saturday|2025-06-21",
            "2025-06-11|I left in March|2025-03",
            "2025-11-10|I'm running the London marathon in April|2026-04",
            "2025-04-04|We bought our house last October|2024-10",
            "2025-10-14|I visited Iceland last summer|2025",
            "2025-07-08|The 21st of next month|2025-08-21",
            "2025-02-25|I just booked a cooking class in Bangkok for the 3rd|2025-03-03",
            "2025-05-09|My lease ends at the end of this month|2025-05-31",
            "2025-02-14|I'm retiring at the end of next year|2026-12",
            "2025-03-21|but this year we're trying Sardinia in August|2025-08",
            "2025-08-27|From the 10th to the 17th of next month|2025-09-10",
            "2025-02-10|My best friend Jonas is getting married in Copenhagen in June|2025-06",
            "2025-01-06|Mum turns sixty on the 22nd of March|2025-03-22",
    })
    void relativeTimesResolveAgainstTheDayTheyWereSaid(String today, String said, String date) {
        assertThat(RelativeDates.dateOf(said, LocalDate.parse(today))).contains(date);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2025-06-02|I'm in a book club that meets on the first Monday of the month",
            "2025-07-06|I spend every August at my family's place in Brittany",
            "2025-10-11|My office is on the 14th floor",
            "2025-06-02|I may have to travel a lot",
            "2025-06-02|I prefer window seats",
    })
    void habitsAndTimelessStatementsHaveNoDate(String today, String said) {
        assertThat(RelativeDates.dateOf(said, LocalDate.parse(today))).isEmpty();
    }

    @Test
    void everyPhraseIsResolvedAgainstTheDayTheTextWasSaid() {
        assertThat(RelativeDates.phrasesIn("I saw the physio yesterday and again last Friday.", TUESDAY))
                .extracting(ResolvedDate::phrase, ResolvedDate::from)
                .containsExactly(tuple("yesterday", LocalDate.of(2025, 2, 10)), tuple("last Friday", LocalDate.of(2025, 2, 7)));
        assertThat(RelativeDates.phrasesIn("We fly next Saturday, in two weeks we're back; the offer came three days ago.", TUESDAY))
                .extracting(ResolvedDate::from)
                .containsExactly(LocalDate.of(2025, 2, 15), LocalDate.of(2025, 2, 25), LocalDate.of(2025, 2, 8));
    }

    @Test
    void weeksWeekendsAndMonthsArePhrasesOfSeveralDays() {
        assertThat(RelativeDates.phrasesIn("Last weekend was lovely, last week awful, next month is the move.", TUESDAY))
                .extracting(ResolvedDate::asMap)
                .containsExactly(Map.of("phrase", "Last weekend", "from", "2025-02-08", "to", "2025-02-09"),
                        Map.of("phrase", "last week", "from", "2025-02-03", "to", "2025-02-09"),
                        Map.of("phrase", "next month", "from", "2025-03-01", "to", "2025-03-31"));
    }

    @Test
    void aFewIsThreeInBothReadings() {
        assertThat(RelativeDates.phrasesIn("The parcel came a few days ago.", TUESDAY))
                .extracting(ResolvedDate::from).containsExactly(LocalDate.of(2025, 2, 8));
        assertThat(RelativeDates.dateOf("The parcel came a few days ago.", LocalDate.of(2025, 2, 11))).contains("2025-02-08");
    }

    @Test
    void textWithoutRelativePhrasesHasNone() {
        assertThat(RelativeDates.phrasesIn("Prefers window seats; on Friday she usually swims.", TUESDAY)).isEmpty();
        assertThat(RelativeDates.json("Prefers window seats", TUESDAY)).isEqualTo("[]");
    }
}

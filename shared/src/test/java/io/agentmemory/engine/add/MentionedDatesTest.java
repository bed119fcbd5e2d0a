package io.agentmemory.engine.add;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Relative dates resolved as the conversation set's answers resolve them (a Tuesday, 11 February 2025). */
class MentionedDatesTest {

    private static final Instant TUESDAY = Instant.parse("2025-02-11T19:40:00Z");

    @Test
    void daysWeekdaysAndCountsAreResolvedAgainstTheDayTheTextWasSaid() {
        assertThat(MentionedDates.resolve("I saw the physio yesterday and again last Friday.", TUESDAY))
                .extracting(MentionedDates.ResolvedDate::phrase, MentionedDates.ResolvedDate::from)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("yesterday", LocalDate.of(2025, 2, 10)),
                        org.assertj.core.groups.Tuple.tuple("last Friday", LocalDate.of(2025, 2, 7)));
        assertThat(MentionedDates.resolve("We fly next Saturday, in two weeks we're back; the offer came three days ago.", TUESDAY))
                .extracting(MentionedDates.ResolvedDate::from)
                .containsExactly(LocalDate.of(2025, 2, 15), LocalDate.of(2025, 2, 25), LocalDate.of(2025, 2, 8));
    }

    @Test
    void weeksWeekendsAndMonthsAreRanges() {
        assertThat(MentionedDates.resolve("Last weekend was lovely, last week awful, next month is the move.", TUESDAY))
                .extracting(MentionedDates.ResolvedDate::asMap)
                .containsExactly(Map.of("phrase", "Last weekend", "from", "2025-02-08", "to", "2025-02-09"),
                        Map.of("phrase", "last week", "from", "2025-02-03", "to", "2025-02-09"),
                        Map.of("phrase", "next month", "from", "2025-03-01", "to", "2025-03-31"));
    }

    @Test
    void textWithoutRelativeDatesResolvesToNothing() {
        assertThat(MentionedDates.resolve("Prefers window seats; on Friday she usually swims.", TUESDAY)).isEmpty();
        assertThat(MentionedDates.json("Prefers window seats", TUESDAY)).isEqualTo("[]");
    }
}

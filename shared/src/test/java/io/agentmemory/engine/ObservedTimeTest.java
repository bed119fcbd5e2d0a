package io.agentmemory.engine;

import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchFilters;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.ValidationException;
import io.agentmemory.engine.testing.SharedEngineTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Memories carry the time the conversation happened: imported history keeps its dates, searches can filter on them. */
class ObservedTimeTest extends SharedEngineTest {

    private static final Instant MARCH = Instant.parse("2025-03-14T18:20:00Z");
    private static final Instant JUNE = Instant.parse("2025-06-02T09:00:00Z");

    @Test
    void anAddCarriesWhenTheConversationHappenedAndItsRelativeDatesAreResolvedAgainstIt() {
        String user = newUser();
        add(user, MARCH, "I got back from Porto yesterday, the flight was delayed.");
        add(user, JUNE, "Next Friday I start the new job in Harrogate.");
        List<SearchHit> hits = engine.search(SearchRequest.of(user, "when did she get back from Porto?")).block(WAIT).results();
        SearchHit porto = hits.stream().filter(h -> h.memory().contains("Porto")).findFirst().orElseThrow();
        assertThat(porto.observedAt()).isEqualTo(MARCH);
        assertThat(porto.dates()).containsExactly(Map.of("phrase", "yesterday", "date", "2025-03-13"));
    }

    @Test
    void aSearchFiltersOnTheTimeRangeTheConversationHappenedIn() {
        String user = newUser();
        add(user, MARCH, "We booked the hotel in Porto for the long weekend.");
        add(user, JUNE, "We booked the hotel in Harrogate for the move.");
        List<SearchHit> spring = engine.search(SearchRequest.of(user, "which hotel did we book?")
                .withFilters(SearchFilters.observedBetween(Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-04-01T00:00:00Z"))))
                .block(WAIT).results();
        assertThat(spring).extracting(SearchHit::memory).containsExactly("We booked the hotel in Porto for the long weekend.");
        List<SearchHit> fromMay = engine.search(SearchRequest.of(user, "which hotel did we book?")
                .withFilters(SearchFilters.observedBetween(Instant.parse("2025-05-01T00:00:00Z"), null))).block(WAIT).results();
        assertThat(fromMay).extracting(SearchHit::memory).containsExactly("We booked the hotel in Harrogate for the move.");
    }

    @Test
    void anAddWithoutAnObservationTimeIsObservedNowAndAFutureOneIsRefused() {
        String user = newUser();
        Instant before = Instant.now();
        engine.add(AddRequest.of(user, List.of(new Message("user", "Is vegetarian"))).withInfer(false)).block(WAIT);
        SearchHit hit = engine.search(SearchRequest.of(user, "vegetarian")).block(WAIT).results().get(0);
        assertThat(hit.observedAt()).isAfterOrEqualTo(before.minusSeconds(1));
        assertThatThrownBy(() -> engine.add(AddRequest.of(user, List.of(new Message("user", "x")))
                .withObservedAt(Instant.now().plusSeconds(3 * 86_400))).block(WAIT))
                .isInstanceOf(ValidationException.class).hasMessageContaining("observedAt");
        assertThatThrownBy(() -> engine.search(SearchRequest.of(user, "x")
                .withFilters(SearchFilters.observedBetween(JUNE, MARCH))).block(WAIT))
                .isInstanceOf(ValidationException.class).hasMessageContaining("filters.observedTo");
    }

    private static void add(String user, Instant observedAt, String text) {
        engine.add(AddRequest.of(user, List.of(new Message("user", text))).withInfer(false).withObservedAt(observedAt)).block(WAIT);
    }
}

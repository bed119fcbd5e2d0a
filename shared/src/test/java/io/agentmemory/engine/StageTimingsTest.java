package io.agentmemory.engine;

import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.observability.StageTimings;
import io.agentmemory.engine.observability.StageTimings.Stage;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.SharedEngineTest;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

/** The engine's parts time themselves into the caller's record: which stages a call used, never durations. */
class StageTimingsTest extends SharedEngineTest {

    @Test
    void aCacheMissUsesTheCacheTheModelAndTheDatabaseAndAHitTheUsersRevisionAndTheSharedCacheOnlyIfFilledElsewhere() {
        String user = newUser();
        EngineFixture.store(engine, user, "Prefers window seats on flights", "Is vegetarian");
        String query = "seat preference " + user;

        StageTimings miss = new StageTimings();
        assertThat(miss.attachTo(engine.search(SearchRequest.of(user, query))).block(WAIT).cached()).isFalse();
        assertThat(miss.millis()).containsOnlyKeys(Stage.CACHE, Stage.EMBEDDING, Stage.DATABASE);
        assertThat(miss.millis().values()).allMatch(millis -> millis > 0);

        // The environment keeps its copy as it sends the cache fill, after the answer. Its next look-up of the shared
        // cache waits for that fill, so once another question has been asked the copy is surely held.
        engine.search(SearchRequest.of(user, "another question " + user)).block(WAIT);
        StageTimings hit = new StageTimings();
        assertThat(hit.attachTo(engine.search(SearchRequest.of(user, query))).block(WAIT).cached()).isTrue();
        assertThat(hit.millis()).as("a hit this environment holds is checked against the user's revision alone")
                .containsOnlyKeys(Stage.DATABASE);

        try (MemoryEngine otherEnvironment = EngineFixture.engine(TestServices.get().config(Map.of()))) {
            StageTimings shared = new StageTimings();
            assertThat(shared.attachTo(otherEnvironment.search(SearchRequest.of(user, query))).block(WAIT).cached()).isTrue();
            // The question is new to that environment, so its model began beside the look-up and the cache's answer
            // stops it; one that finished first (the look-up of a connection just opened) shows as model time too.
            assertThat(shared.millis()).as("a hit filled by another environment comes from the shared cache")
                    .containsKeys(Stage.CACHE, Stage.DATABASE);
        }
    }

    @Test
    void anAddEmbedsAndWritesWithoutTouchingTheCache() {
        StageTimings add = new StageTimings();
        add.attachTo(engine.add(AddRequest.of(newUser(), List.of(new Message("user", "I am vegetarian and I prefer aisle seats.")))))
                .block(WAIT);
        assertThat(add.millis()).containsOnlyKeys(Stage.EMBEDDING, Stage.DATABASE);
    }

    @Test
    void aCallWithoutARecordIsNotTimedAndAnswersAlike() {
        String user = newUser();
        EngineFixture.store(engine, user, "Is vegetarian");
        assertThat(engine.search(SearchRequest.of(user, "diet")).block(WAIT).results()).hasSize(1);
    }
}

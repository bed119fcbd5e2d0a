package io.agentmemory.engine;

import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.Memory;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.SharedEngineTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a new user found when trying the service: distinct facts merged into one, an UPDATE that dropped the new
 * statement's expiry and metadata (and so deleted a permanent fact later), and a revived memory answered with an id
 * that did not exist. Each case is asserted through the engine's own API, the way a client would see it.
 */
class NothingToldIsLostTest extends SharedEngineTest {

    @Test
    void factsStoredAsSentAreAllKeptHoweverAlikeTheySound() {
        String user = newUser();
        for (int n = 1; n <= 20; n++) {
            AddResult result = EngineFixture.store(engine, user, "My favourite city number " + n + " is City" + n + "ville.");
            assertThat(result.results()).extracting(FactResult::event).containsExactly(MemoryEvent.ADD);
        }
        assertThat(engine.list(user, 100, null).block(WAIT).memories()).hasSize(20);
    }

    @Test
    void factsAddedInParallelAreAllKept() {
        String user = newUser();
        List<FactResult> results = Flux.range(1, 15)
                .flatMap(n -> EngineFixture.engineAdd(engine, user, "Parallel fact " + n + ": the code word is " + Integer.toHexString(n * 7919)))
                .collectList().block(WAIT);

        assertThat(results).extracting(FactResult::event).containsOnly(MemoryEvent.ADD);
        assertThat(engine.list(user, 100, null).block(WAIT).memories()).hasSize(15);
    }

    @Test
    void anExactDuplicateStoredAsSentIsANoop() {
        String user = newUser();
        FactResult first = EngineFixture.store(engine, user, "Gate code at the cabin is 4471.").results().get(0);
        FactResult again = EngineFixture.store(engine, user, "gate code at the cabin is 4471").results().get(0);

        assertThat(again.event()).isEqualTo(MemoryEvent.NOOP);
        assertThat(again.id()).isEqualTo(first.id());
    }

    @Test
    void anUpdateTakesTheNewStatementsExpiryMetadataAndCategories() {
        String user = newUser();
        FactResult first = engine.add(AddRequest.of(user, List.of(new Message("user", "My frequent flyer number is FF-1000.")))
                .withExpiresAt(Instant.now().plusSeconds(4)).withCategories(List.of("temp"))
                .withMetadata(Map.of("source", "chat", "confidence", "low"))).block(WAIT).results().get(0);
        FactResult second = engine.add(AddRequest.of(user, List.of(new Message("user", "My frequent flyer number is FF-2000.")))
                .withCategories(List.of("loyalty")).withMetadata(Map.of("source", "profile"))).block(WAIT).results().get(0);

        assertThat(second.event()).isEqualTo(MemoryEvent.UPDATE);
        assertThat(second.id()).isEqualTo(first.id());
        Memory stored = engine.get(user, first.id()).block(WAIT);
        assertThat(stored.memory()).contains("FF-2000");
        assertThat(stored.expiresAt()).as("a permanent statement makes the memory permanent").isNull();
        assertThat(stored.categories()).containsExactly("loyalty");
        assertThat(stored.metadata()).as("metadata merge key by key, the new statement's values winning")
                .containsEntry("source", "profile").containsEntry("confidence", "low");
    }

    @Test
    void aRevivedMemoryAnswersWithTheIdItIsStoredUnder() throws InterruptedException {
        String user = newUser();
        engine.add(AddRequest.of(user, List.of(new Message("user", "My loyalty number is ZX-4411.")))
                .withInfer(false).withExpiresAt(Instant.now().plus(1500, ChronoUnit.MILLIS))).block(WAIT);
        Thread.sleep(2_000);

        FactResult revived = EngineFixture.store(engine, user, "My loyalty number is ZX-4411.").results().get(0);

        assertThat(revived.event()).isEqualTo(MemoryEvent.ADD);
        Memory readBack = engine.get(user, revived.id()).block(WAIT);
        assertThat(readBack.memory()).isEqualTo("My loyalty number is ZX-4411.");
        assertThat(readBack.expiresAt()).isNull();
        assertThat(engine.list(user, 10, null).block(WAIT).memories()).extracting(Memory::id).containsExactly(revived.id());
        assertThat(engine.history(user, revived.id()).block(WAIT)).isNotEmpty();
    }

    @Test
    void manyValuedFactsStayApartAndAReplacedValueUpdatesItsMemory() {
        String user = newUser();
        EngineFixture.remember(engine, user, "I am allergic to peanuts.");
        EngineFixture.remember(engine, user, "I am allergic to shellfish.");
        FactResult aisle = EngineFixture.remember(engine, user, "I prefer aisle seats.").results().get(0);
        FactResult window = EngineFixture.remember(engine, user, "Actually I prefer window seats.").results().get(0);

        assertThat(window.event()).isEqualTo(MemoryEvent.UPDATE);
        assertThat(window.id()).isEqualTo(aisle.id());
        assertThat(engine.list(user, 100, null).block(WAIT).memories()).extracting(Memory::memory)
                .containsExactlyInAnyOrder("Is allergic to peanuts", "Is allergic to shellfish", "Prefers window seats");
        assertThat(engine.history(user, aisle.id()).block(WAIT)).extracting(h -> h.event().name()).containsExactly("ADD", "UPDATE");
    }
}

package io.agentmemory.engine;

import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.HistoryEntry;
import io.agentmemory.engine.api.IdempotencyConflictException;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.facts.FactDecisionRule;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.SharedEngineTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddAndDecideTest extends SharedEngineTest {

    @Test
    void oneMessageWithThreeDurableFactsAddsThreeMemories() {
        String user = newUser();
        AddResult result = EngineFixture.remember(engine, user,
                "Hi there! I'm vegetarian, I prefer window seats and my budget is about 2,000 EUR.");
        assertThat(result.results()).hasSize(3).allMatch(r -> r.event() == MemoryEvent.ADD && r.id() != null);
        assertThat(EngineFixture.memoryCount(engine, user)).isEqualTo(3);
        assertThat(EngineFixture.historyCount(engine, user, MemoryEvent.ADD)).isEqualTo(3);
    }

    @Test
    void theSameFactTwiceIsANoop() {
        String user = newUser();
        FactResult first = EngineFixture.store(engine, user, "Prefers window seats").results().get(0);
        FactResult again = EngineFixture.store(engine, user, "prefers   window seats.").results().get(0);
        assertThat(again.event()).isEqualTo(MemoryEvent.NOOP);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(EngineFixture.memoryCount(engine, user)).isEqualTo(1);
    }

    @Test
    void aChangedFactUpdatesTheMemoryAndKeepsItsHistory() {
        String user = newUser();
        FactResult first = EngineFixture.remember(engine, user, "My budget is about 2,000 EUR.").results().get(0);
        FactResult changed = EngineFixture.remember(engine, user, "My budget is about 3,000 EUR.").results().get(0);
        assertThat(changed.event()).isEqualTo(MemoryEvent.UPDATE);
        assertThat(changed.id()).isEqualTo(first.id());
        assertThat(changed.previousMemory()).isEqualTo("Budget is about 2,000 EUR");
        assertThat(changed.memory()).isEqualTo("Budget is about 3,000 EUR");
        List<HistoryEntry> history = engine.history(user, first.id()).block(WAIT);
        assertThat(history).extracting(HistoryEntry::event).containsExactly(MemoryEvent.ADD, MemoryEvent.UPDATE);
        assertThat(history.get(1).previousMemory()).isEqualTo("Budget is about 2,000 EUR");
        assertThat(EngineFixture.memoryCount(engine, user)).isEqualTo(1);
    }

    @Test
    void aFactTheAttributeTableDoesNotReadIsDecidedByItsWordsAlone() {
        String user = newUser();
        String said = "Pepper ate one of my socks last weekend.";
        FactResult first = EngineFixture.remember(engine, user, said).results().get(0);
        // Its nearest memories cannot change its decision, so the add does not rank the user's memories for it.
        assertThat(FactDecisionRule.usesNearestMemories(first.memory(), true)).isFalse();
        FactResult again = EngineFixture.remember(engine, user, said).results().get(0);
        assertThat(again.event()).isEqualTo(MemoryEvent.NOOP);
        assertThat(again.id()).isEqualTo(first.id());
        FactResult reworded = EngineFixture.remember(engine, user, "Last weekend Pepper ate one of my socks.")
                .results().get(0);
        assertThat(reworded.event()).isEqualTo(MemoryEvent.ADD);
        assertThat(EngineFixture.memoryCount(engine, user)).isEqualTo(2);
    }

    @Test
    void anUnrelatedFactIsAddedBesideTheOthers() {
        String user = newUser();
        EngineFixture.store(engine, user, "Prefers window seats");
        FactResult other = EngineFixture.store(engine, user, "Is allergic to peanuts").results().get(0);
        assertThat(other.event()).isEqualTo(MemoryEvent.ADD);
        assertThat(EngineFixture.memoryCount(engine, user)).isEqualTo(2);
    }

    @Test
    void inferFalseStoresMessagesAsGiven() {
        String user = newUser();
        String text = "Flight LH1234 lands at 10:05; ask for gate info?";
        AddResult result = engine.add(AddRequest.of(user, List.of(new Message("user", text))).withInfer(false)).block(WAIT);
        assertThat(result.results()).singleElement().satisfies(r -> assertThat(r.memory()).isEqualTo(text));
    }

    @Test
    void greetingsAndQuestionsStoreNothing() {
        String user = newUser();
        AddResult result = EngineFixture.remember(engine, user, "Hello!", "Can you find me a hotel in Rome?");
        assertThat(result.results()).isEmpty();
        assertThat(EngineFixture.memoryCount(engine, user)).isZero();
    }

    @Test
    void metadataCategoriesSessionAndExpiryAreStored() {
        String user = newUser();
        Instant expiry = Instant.parse("2099-01-01T00:00:00Z");
        AddRequest request = AddRequest.of(user, List.of(new Message("user", "Loves hiking in the Alps")))
                .withInfer(false).withSession("trip-42").withMetadata(Map.of("source", "chat", "turn", 3))
                .withCategories(List.of("activities")).withExpiresAt(expiry);
        FactResult added = engine.add(request).block(WAIT).results().get(0);
        var memory = engine.get(user, added.id()).block(WAIT);
        assertThat(memory.sessionId()).isEqualTo("trip-42");
        assertThat(memory.metadata()).containsEntry("source", "chat").containsEntry("turn", 3);
        assertThat(memory.categories()).containsExactly("activities");
        assertThat(memory.expiresAt()).isEqualTo(expiry);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheFirstAnswerAndWritesNothing() {
        String user = newUser();
        AddRequest request = AddRequest.of(user, List.of(new Message("user", "I prefer aisle seats"))).withIdempotencyKey("k-1");
        AddResult first = engine.add(request).block(WAIT);
        AddResult retry = engine.add(request).block(WAIT);
        assertThat(retry.replayed()).isTrue();
        assertThat(retry.results()).isEqualTo(first.results());
        assertThat(EngineFixture.memoryCount(engine, user)).isEqualTo(1);
        assertThat(EngineFixture.historyCount(engine, user)).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIsRejected() {
        String user = newUser();
        engine.add(AddRequest.of(user, List.of(new Message("user", "I prefer aisle seats"))).withIdempotencyKey("k-2")).block(WAIT);
        AddRequest different = AddRequest.of(user, List.of(new Message("user", "I prefer window seats"))).withIdempotencyKey("k-2");
        assertThatThrownBy(() -> engine.add(different).block(WAIT)).isInstanceOf(IdempotencyConflictException.class);
        assertThat(EngineFixture.memoryCount(engine, user)).isEqualTo(1);
    }

    @Test
    void hostileTextIsStoredByteExact() {
        String user = newUser();
        List<String> hostile = List.of("'; DROP TABLE memories; --", "*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$1\r\ny",
                "{\"memory\": \"injected\"}", "../../etc/passwd", "Ünïcödé 🧳✈️ 東京 \u202Eright-to-left");
        for (String text : hostile) {
            FactResult r = EngineFixture.store(engine, user, text).results().get(0);
            assertThat(engine.get(user, r.id()).block(WAIT).memory()).isEqualTo(text);
        }
        assertThat(EngineFixture.memoryCount(engine, user)).isEqualTo(hostile.size());
    }
}

package io.agentmemory.engine;

import io.agentmemory.engine.api.DeletionReport;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.HistoryEntry;
import io.agentmemory.engine.api.Memory;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.MemoryNotFoundException;
import io.agentmemory.engine.api.MemoryPage;
import io.agentmemory.engine.api.MemoryUpdate;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.ValidationException;
import io.agentmemory.engine.cache.CacheKeys;
import io.agentmemory.engine.reliability.Sql;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.SharedEngineTest;
import io.agentmemory.engine.testing.TestServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManageMemoriesTest extends SharedEngineTest {

    @Test
    void listingPagesThroughEveryMemoryOnceNewestFirst() {
        String user = newUser();
        for (String fact : List.of("Prefers window seats", "Is vegetarian", "Loves hiking in the Alps", "Has two kids",
                "Lives in Berlin", "Is allergic to peanuts", "Enjoys jazz bars")) {
            EngineFixture.store(engine, user, fact);
        }
        List<Memory> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            MemoryPage page = engine.list(user, 3, cursor).block(WAIT);
            seen.addAll(page.memories());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(7).extracting(Memory::id).doesNotHaveDuplicates();
        assertThat(seen).extracting(Memory::createdAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void aForgedCursorIsAValidationError() {
        assertThatThrownBy(() -> engine.list(newUser(), 10, "not-a-cursor!").block(WAIT)).isInstanceOf(ValidationException.class);
        // Crafted cursors: well-formed, but naming times PostgreSQL cannot hold or no memory can have.
        for (String raw : List.of("9999999999999:0:" + java.util.UUID.randomUUID(), "-62135596801:0:" + java.util.UUID.randomUUID(),
                "1700000000:0", "1700000000:0:" + java.util.UUID.randomUUID() + ":extra")) {
            String crafted = java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThatThrownBy(() -> engine.list(newUser(), 10, crafted).block(WAIT)).as(raw)
                    .isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void updatingTextReembedsKeepsTheIdAndRecordsHistory() {
        String user = newUser();
        FactResult added = EngineFixture.store(engine, user, "Prefers window seats").results().get(0);
        Memory updated = engine.update(user, added.id(), new MemoryUpdate("Prefers aisle seats", Map.of("edited", true), List.of("flights")))
                .block(WAIT);
        assertThat(updated.id()).isEqualTo(added.id());
        assertThat(updated.memory()).isEqualTo("Prefers aisle seats");
        assertThat(updated.metadata()).containsEntry("edited", true);
        assertThat(updated.categories()).containsExactly("flights");
        assertThat(engine.search(SearchRequest.of(user, "aisle")).block(WAIT).results().get(0).memory()).isEqualTo("Prefers aisle seats");
        assertThat(engine.history(user, added.id()).block(WAIT)).extracting(HistoryEntry::event)
                .containsExactly(MemoryEvent.ADD, MemoryEvent.UPDATE);
    }

    @Test
    void deletingOneMemoryRemovesItFromSearchAndRecordsTheDeletion() {
        String user = newUser();
        FactResult added = EngineFixture.store(engine, user, "Is vegetarian").results().get(0);
        engine.search(SearchRequest.of(user, "food")).block(WAIT);
        engine.delete(user, added.id()).block(WAIT);
        assertThat(engine.search(SearchRequest.of(user, "food")).block(WAIT).results()).isEmpty();
        assertThatThrownBy(() -> engine.get(user, added.id()).block(WAIT)).isInstanceOf(MemoryNotFoundException.class);
        assertThatThrownBy(() -> engine.delete(user, added.id()).block(WAIT)).isInstanceOf(MemoryNotFoundException.class);
        assertThat(engine.history(user, added.id()).block(WAIT)).extracting(HistoryEntry::event)
                .containsExactly(MemoryEvent.ADD, MemoryEvent.DELETE);
    }

    @Test
    void unknownMemoriesAreNotFound() {
        UUID unknown = UUID.randomUUID();
        String user = newUser();
        assertThatThrownBy(() -> engine.get(user, unknown).block(WAIT)).isInstanceOf(MemoryNotFoundException.class);
        assertThatThrownBy(() -> engine.update(user, unknown, new MemoryUpdate("x", null, null)).block(WAIT))
                .isInstanceOf(MemoryNotFoundException.class);
        assertThatThrownBy(() -> engine.history(user, unknown).block(WAIT)).isInstanceOf(MemoryNotFoundException.class);
    }

    @Test
    void oneUserNeverSeesOrChangesAnotherUsersMemories() {
        String alice = newUser();
        String bob = newUser();
        FactResult secret = EngineFixture.store(engine, alice, "Passport number is X1234567").results().get(0);
        EngineFixture.store(engine, bob, "Likes beaches");
        assertThat(engine.search(SearchRequest.of(bob, "passport number")).block(WAIT).results())
                .extracting(h -> h.memory()).containsExactly("Likes beaches");
        assertThat(engine.searchBatch(List.of(SearchRequest.of(bob, "passport"))).block(WAIT).get(0).result().results())
                .extracting(h -> h.id()).doesNotContain(secret.id());
        assertThat(engine.list(bob, 100, null).block(WAIT).memories()).extracting(Memory::id).doesNotContain(secret.id());
        assertThatThrownBy(() -> engine.get(bob, secret.id()).block(WAIT)).isInstanceOf(MemoryNotFoundException.class);
        assertThatThrownBy(() -> engine.update(bob, secret.id(), new MemoryUpdate("hijacked", null, null)).block(WAIT))
                .isInstanceOf(MemoryNotFoundException.class);
        assertThatThrownBy(() -> engine.delete(bob, secret.id()).block(WAIT)).isInstanceOf(MemoryNotFoundException.class);
        assertThatThrownBy(() -> engine.history(bob, secret.id()).block(WAIT)).isInstanceOf(MemoryNotFoundException.class);
        engine.deleteAll(bob).block(WAIT);
        assertThat(engine.get(alice, secret.id()).block(WAIT).memory()).isEqualTo("Passport number is X1234567");
    }

    @Test
    void erasingAUserRemovesEveryRowAndEveryCacheEntryAndReportsIt() {
        String user = newUser();
        EngineFixture.store(engine, user, "Prefers window seats", "Is vegetarian");
        EngineFixture.store(engine, user, "Prefers aisle seats"); // different enough to be a memory of its own
        engine.add(io.agentmemory.engine.api.AddRequest.of(user, List.of(new io.agentmemory.engine.api.Message("user", "Likes tea")))
                .withInfer(false).withIdempotencyKey("erase-me")).block(WAIT);
        engine.search(SearchRequest.of(user, "seats")).block(WAIT);
        assertThat(cacheKeys(user)).isNotEmpty();

        DeletionReport report = engine.deleteAll(user).block(WAIT);
        assertThat(report.memories()).isEqualTo(4);
        assertThat(report.historyRows()).isEqualTo(4);
        assertThat(report.idempotencyKeys()).isEqualTo(1);
        assertThat(report.cacheEntries()).isGreaterThanOrEqualTo(1);
        for (String table : List.of("memories", "memory_history", "idempotency_keys", "user_revisions")) {
            assertThat(Sql.count("SELECT count(*) FROM " + table + " WHERE user_id = ?", user)).as(table).isZero();
        }
        assertThat(cacheKeys(user)).isEmpty();
    }

    static Set<String> cacheKeys(String user) {
        RedisClient client = RedisClient.create(TestServices.get().redisUrl());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return new HashSet<>(c.sync().keys(CacheKeys.userPattern(user)));
        } finally {
            client.shutdown();
        }
    }
}

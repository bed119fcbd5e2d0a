package io.agentmemory.engine;

import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.MemoryNotFoundException;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.SweepReport;
import io.agentmemory.engine.reliability.Sql;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.SharedEngineTest;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpiryAndSweepTest extends SharedEngineTest {

    @Test
    void expiredMemoriesAreHiddenAtOnceAndDeletedByTheSweep() throws Exception {
        String user = newUser();
        FactResult lasting = EngineFixture.store(engine, user, "Is vegetarian").results().get(0);
        FactResult shortLived = engine.add(AddRequest.of(user, List.of(new Message("user", "Is staying at Hotel Artemide this week")))
                .withInfer(false).withExpiresAt(Instant.now().plusSeconds(3600))).block(WAIT).results().get(0);
        SearchRequest query = SearchRequest.of(user, "hotel");
        assertThat(engine.search(query).block(WAIT).results()).hasSize(2);

        // Time travel for one row instead of sleeping: the memory's expiry passes.
        try (Connection c = TestServices.get().jdbc();
             PreparedStatement s = c.prepareStatement("UPDATE memories SET expires_at = now() - interval '1 second' WHERE id = ?")) {
            s.setObject(1, shortLived.id());
            s.executeUpdate();
        }
        engine.invalidate(user).block(WAIT);
        assertThat(engine.search(query).block(WAIT).results()).extracting(h -> h.id()).containsExactly(lasting.id());
        assertThatThrownBy(() -> engine.get(user, shortLived.id()).block(WAIT)).isInstanceOf(MemoryNotFoundException.class);

        SweepReport report = engine.sweep().block(WAIT);
        assertThat(report.expiredMemories()).isGreaterThanOrEqualTo(1);
        // The expired row is gone from the table, not only hidden.
        assertThat(Sql.count("SELECT count(*) FROM memories WHERE user_id = ?", user)).isEqualTo(1);
        assertThat(engine.get(user, lasting.id()).block(WAIT).memory()).isEqualTo("Is vegetarian");
    }

    @Test
    void theSweepReclaimsCacheEntriesThatShowAnExpiredMemory() throws InterruptedException {
        String user = newUser();
        // Long enough for both searches to see the memory even on a busy machine (a first search is cold).
        Instant expiry = Instant.now().plusSeconds(3);
        engine.add(AddRequest.of(user, List.of(new Message("user", "Likes trains"))).withInfer(false)
                .withExpiresAt(expiry)).block(WAIT);
        assertThat(engine.search(SearchRequest.of(user, "trains")).block(WAIT).results()).hasSize(1);
        assertThat(engine.search(SearchRequest.of(user, "rail travel")).block(WAIT).results()).hasSize(1);
        Thread.sleep(Math.max(0, expiry.toEpochMilli() - System.currentTimeMillis()) + 400);
        int before = ManageMemoriesTest.cacheKeys(user).size();
        SweepReport report = engine.sweep().block(WAIT);
        assertThat(report.staleCacheEntries()).isGreaterThanOrEqualTo(2);
        assertThat(ManageMemoriesTest.cacheKeys(user)).hasSize(before - 2);
    }
}

package io.agentmemory.engine.reliability;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.MemoryUpdate;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Database connections killed underneath the engine ({@code pg_terminate_backend}), as after an RDS failover, a
 * proxy's idle timeout or a snapshot restore: the next call — and a call in flight at the moment of the kill — succeeds
 * on a fresh connection, without an error reaching the caller, and writes exactly once.
 */
class KilledConnectionsTest {

    /** Facts far apart in meaning, so each is its own memory (none is an update of another). */
    private static final List<String> FACTS = List.of("Prefers window seats", "Is vegetarian",
            "Travels with a dog named Bella", "Budget is about 2,000 EUR", "Home airport is Munich", "Allergic to peanuts",
            "Passport expires in 2027", "Loves jazz bars in New Orleans", "Speaks fluent Japanese",
            "Afraid of heights and avoids cable cars", "Collects postcards from every trip",
            "Needs wheelchair assistance at airports");

    @Test
    void killingEveryPooledConnectionInTheMiddleOfARunIsInvisibleToCallers() {
        String prefix = "killed-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> names = List.of(prefix + "-a", prefix + "-b", prefix + "-c");
        List<MemoryEngine> environments = names.stream()
                .map(n -> EngineFixture.engine(TestServices.get().config(Map.of("CLIENT_NAME", n)))).toList();
        try {
            String user = newUser();
            List<String> expected = new ArrayList<>();
            int kills = 0;
            int killedBackends = 0;
            int operations = 0;
            for (int round = 0; round < 12; round++) {
                MemoryEngine env = environments.get(round % environments.size());
                String fact = FACTS.get(round);
                FactResult added = EngineFixture.store(env, user, fact).results().get(0);
                assertThat(added.event()).isEqualTo(MemoryEvent.ADD);
                expected.add(fact);
                operations++;
                if (round % 2 == 0) {
                    for (String name : names) {
                        killedBackends += Sql.terminateBackends(name);
                    }
                    kills++;
                }
                MemoryEngine reader = environments.get((round + 1) % environments.size());
                List<String> found = reader.search(SearchRequest.of(user, "travel habits").withLimit(100)).block(WAIT)
                        .results().stream().map(SearchHit::memory).toList();
                assertThat(found).as("round %d", round).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(reader.list(user, 100, null).block(WAIT).memories()).hasSize(expected.size());
                assertThat(reader.get(user, added.id()).block(WAIT).memory()).isEqualTo(fact);
                operations += 3;
                if (round % 3 == 1) {
                    for (String name : names) {
                        killedBackends += Sql.terminateBackends(name);
                    }
                    kills++;
                    String changed = fact + ", confirmed in round " + round;
                    env.update(user, added.id(), new MemoryUpdate(changed, null, null)).block(WAIT);
                    expected.set(expected.size() - 1, changed);
                    assertThat(env.history(user, added.id()).block(WAIT)).extracting(h -> h.event())
                            .containsExactly(MemoryEvent.ADD, MemoryEvent.UPDATE);
                    operations += 2;
                }
            }
            assertThat(killedBackends).as("connections were really killed").isPositive();
            assertThat(Sql.count("SELECT count(*) FROM memories WHERE user_id = ?", user)).isEqualTo(expected.size());
            System.out.printf("[killed-connections] %d operations over %d environments, %d kill rounds ended %d backends: "
                    + "0 errors%n", operations, environments.size(), kills, killedBackends);
        } finally {
            environments.forEach(MemoryEngine::close);
        }
    }

    @Test
    void aWriteWhoseConnectionIsKilledWhileItWaitsIsRetriedAndWrittenOnce() throws Exception {
        String name = "killed-inflight-" + UUID.randomUUID().toString().substring(0, 8);
        try (MemoryEngine engine = EngineFixture.engine(TestServices.get().config(Map.of("CLIENT_NAME", name)));
             Connection holder = TestServices.get().jdbc()) {
            String user = newUser();
            EngineFixture.store(engine, user, "Prefers window seats");
            // Hold the user's writer lock (the engine takes the same advisory lock per user), so the add is
            // certainly in the middle of its transaction when its backend is killed.
            Sql.writerLock(holder, user, true);
            CompletableFuture<AddResult> add = engine.add(AddRequest.of(user, List.of(new Message("user", "Is vegetarian"),
                    new Message("user", "Travels with a dog"))).withInfer(false).withIdempotencyKey("k-" + UUID.randomUUID()))
                    .toFuture();
            Sql.awaitLockWait(name, 10);
            int killed = Sql.terminateBackends(name);
            Sql.writerLock(holder, user, false);
            AddResult result = add.get(30, TimeUnit.SECONDS);
            assertThat(result.results()).extracting(FactResult::event).containsExactly(MemoryEvent.ADD, MemoryEvent.ADD);
            assertThat(Sql.userRows(user)).containsEntry("memories", 3L).containsEntry("memory_history", 3L)
                    .containsEntry("idempotency_keys", 1L);
            System.out.printf("[killed-connections] a write waiting inside its transaction lost its backend (%d killed): "
                    + "retried transparently, written once%n", killed);
        }
    }

    @Test
    void anEnvironmentReusesItsConnectionsAndReportsHowManyItReallyOpened() {
        String name = "reuse-" + UUID.randomUUID().toString().substring(0, 8);
        try (MemoryEngine engine = EngineFixture.engine(TestServices.get().config(Map.of("CLIENT_NAME", name)))) {
            String user = newUser();
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                EngineFixture.store(engine, user, FACTS.get(i));
                engine.search(SearchRequest.of(user, "travel " + i)).block(WAIT);
                seen.addAll(Sql.backendPids(name));
            }
            System.out.printf("[connections] 20 calls in one environment: %d server backends seen, %d reported opened%n",
                    seen.size(), engine.stats().databaseConnectionsOpened());
            assertThat(seen).hasSizeBetween(1, 2);
            assertThat(engine.stats().databaseConnectionsOpened()).as("connections opened, not acquisitions")
                    .isEqualTo(seen.size());
        }
    }

    @Test
    void connectionsOpenedBeforeASnapshotAreNeverUsedAfterRestore() {
        String name = "snapshot-" + UUID.randomUUID().toString().substring(0, 8);
        try (MemoryEngine engine = EngineFixture.engine(TestServices.get().config(Map.of("CLIENT_NAME", name)))) {
            String user = newUser();
            EngineFixture.store(engine, user, "Prefers window seats");
            engine.search(SearchRequest.of(user, "seats")).block(WAIT);
            Set<Integer> before = new HashSet<>(Sql.backendPids(name));
            assertThat(before).isNotEmpty();

            engine.suspendConnections(); // what the beforeCheckpoint hook does
            assertThat(Sql.backendPids(name)).as("no connection is in the snapshot").isEmpty();
            assertThat(engine.stats().databasePoolOpen()).isFalse();
            assertThat(engine.stats().cacheConnected()).isFalse();

            // After restore: the first calls succeed, on connections that did not exist before the checkpoint.
            assertThat(engine.search(SearchRequest.of(user, "seats")).block(WAIT).results()).hasSize(1);
            EngineFixture.store(engine, user, "Is vegetarian");
            Set<Integer> after = new HashSet<>(Sql.backendPids(name));
            assertThat(after).isNotEmpty().doesNotContainAnyElementsOf(before);
            System.out.printf("[snapshot] backends before checkpoint %s, after restore %s (disjoint)%n", before, after);
        }
    }
}

package io.agentmemory.engine.reliability;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.Memory;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.store.SchemaMigrator;
import io.agentmemory.engine.store.Vectors;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An add reads what it decides on in one statement and writes in another, each its own transaction, and the write
 * goes through only if the user's memories are still what the read saw (V9). These tests put a change between the
 * two, from another session that holds what the engine's write must wait for, and check that the add then decides
 * again on the change instead of writing over it.
 */
class WriteIfUnchangedTest {

    private static final String CLIENT = "write-if-unchanged-" + UUID.randomUUID().toString().substring(0, 8);
    private static MemoryEngine engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.engine(TestServices.get().config(Map.of("CLIENT_NAME", CLIENT)));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void anAddReadsWithoutTheWritersLockAndWaitsForItOnlyToWrite() throws Exception {
        String user = newUser();
        try (Connection holder = TestServices.get().jdbc()) {
            Sql.writerLock(holder, user, true);
            CompletableFuture<AddResult> add = engine.add(AddRequest.of(user, List.of(new Message("user", "Prefers aisle seats")))
                    .withInfer(false)).toFuture();
            Sql.awaitLockWait(CLIENT, 20);
            assertThat(waitingStatements()).as("the add has read its proposals and waits with its write")
                    .singleElement().asString().contains("memory_write_decisions");
            Sql.writerLock(holder, user, false);

            assertThat(add.get(30, TimeUnit.SECONDS).results()).extracting(FactResult::event).containsExactly(MemoryEvent.ADD);
        }
        assertThat(Sql.userRows(user)).containsEntry("memories", 1L).containsEntry("memory_history", 1L);
    }

    @Test
    void theSameFactCommittedBetweenTheReadAndTheWriteIsNotStoredTwice() throws Exception {
        String user = newUser();
        String fact = "Prefers aisle seats";
        try (Connection holder = TestServices.get().jdbc()) {
            Sql.writerLock(holder, user, true);
            CompletableFuture<AddResult> add = engine.add(AddRequest.of(user, List.of(new Message("user", fact)))
                    .withInfer(false)).toFuture();
            Sql.awaitLockWait(CLIENT, 20);
            // Another environment's add of the same fact commits while this one waits to write its ADD.
            Sql.insertMemory(holder, user, fact, engine.embeddingModel().embedAll(List.of(fact)).get(0),
                    engine.embeddingModel().name());
            Sql.writerLock(holder, user, false);

            assertThat(add.get(30, TimeUnit.SECONDS).results()).extracting(FactResult::event).containsExactly(MemoryEvent.NOOP);
        }
        assertThat(Sql.userRows(user)).containsEntry("memories", 1L).containsEntry("memory_history", 0L);
    }

    /**
     * The sweep takes no writer's lock: the write waits for it on the user's revision. Were the write to go through
     * on its old decisions, it would answer UPDATE for a memory the sweep had deleted, and the new fact would be lost.
     */
    @Test
    void aDeletionInFlightWithoutTheWritersLockIsWaitedForAndDecidedOn() throws Exception {
        String user = newUser();
        FactResult aisle = EngineFixture.remember(engine, user, "I prefer aisle seats.").results().get(0);
        CompletableFuture<AddResult> add;
        try (Connection deleter = TestServices.get().jdbc()) {
            deleter.setAutoCommit(false);
            try (PreparedStatement delete = deleter.prepareStatement("DELETE FROM memories WHERE id = ?")) {
                delete.setObject(1, aisle.id());
                assertThat(delete.executeUpdate()).isEqualTo(1);
            }
            add = engine.add(AddRequest.of(user, List.of(new Message("user", "Actually I prefer window seats.")))).toFuture();
            Sql.awaitLockWait(CLIENT, 20);
            deleter.commit();
        }

        List<FactResult> results = add.get(30, TimeUnit.SECONDS).results();
        assertThat(results).extracting(FactResult::event).containsExactly(MemoryEvent.ADD);
        assertThat(engine.list(user, 10, null).block(WAIT).memories()).extracting(Memory::id, Memory::memory)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(results.get(0).id(), "Prefers window seats"));
    }

    /** A user's first adds find no revision to hold: the writer's lock alone orders them. */
    @Test
    void theFirstAddsOfANewUserStoreTheirFactOnce() throws Exception {
        String user = newUser();
        List<CompletableFuture<AddResult>> adds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            adds.add(engine.add(AddRequest.of(user, List.of(new Message("user", "Prefers aisle seats"))).withInfer(false)).toFuture());
        }
        List<MemoryEvent> events = new ArrayList<>();
        for (CompletableFuture<AddResult> add : adds) {
            events.add(add.get(30, TimeUnit.SECONDS).results().get(0).event());
        }
        assertThat(events).containsOnly(MemoryEvent.ADD, MemoryEvent.NOOP).filteredOn(e -> e == MemoryEvent.ADD).hasSize(1);
        assertThat(Sql.userRows(user)).containsEntry("memories", 1L).containsEntry("memory_history", 1L);
    }

    @Test
    void theWriteServesOnlyTheUserItNames() throws Exception {
        String alice = newUser();
        String bob = newUser();
        try (Connection c = TestServices.get().jdbc(); Statement s = c.createStatement()) {
            s.execute("SET ROLE " + SchemaMigrator.DEFAULT_SERVICE_ROLE);
            assertThatThrownBy(() -> s.execute("SELECT memory_claim_unchanged('" + bob + "', 0, NULL)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("is not in this transaction's users");
            String vector = Vectors.toText(new float[TestServices.EMBEDDING_DIMENSION]).replace("[", "\"[").replace("]", "]\"");
            String aliceWritesForBob = "SELECT * FROM memory_write_decisions('" + alice + "', '" + bob + "', %s, '{}', '{}', "
                    + "NULL, NULL, 'e5-small-v2-q', NULL, ARRAY['" + UUID.randomUUID() + "']::uuid[], ARRAY['Hijacked'], "
                    + "ARRAY['hijacked'], '{" + vector + "}'::vector[], ARRAY[NULL::text], ARRAY['[]'], ARRAY[NULL::text], "
                    + "'{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', NULL, NULL, NULL)";
            assertThatThrownBy(() -> s.execute(aliceWritesForBob.formatted("0")))
                    .isInstanceOf(SQLException.class).hasMessageContaining("is not in this transaction's users");
            // Without a revision (a writer's transaction) the write claims nothing, and row-level security refuses it.
            assertThatThrownBy(() -> s.execute(aliceWritesForBob.formatted("NULL")))
                    .isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
        }
        assertThat(Sql.userRows(bob)).containsEntry("memories", 0L);
    }

    private static List<String> waitingStatements() {
        return Sql.rows("SELECT query FROM pg_stat_activity WHERE application_name = ? AND wait_event_type = 'Lock'", CLIENT)
                .stream().map(row -> (String) row.get("query")).toList();
    }
}

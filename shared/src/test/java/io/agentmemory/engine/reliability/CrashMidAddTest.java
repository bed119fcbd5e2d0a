package io.agentmemory.engine.reliability;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A crash in the middle of an add, after the first of several facts is already written, made by the database itself:
 * a trigger that this test creates in the test database (scoped to one user) fails the second insert, or kills the
 * backend that runs it. Nothing half-written may stay behind, and a retry with the same idempotency key writes once.
 */
class CrashMidAddTest {

    private static MemoryEngine engine;

    @BeforeAll
    static void start() {
        engine = EngineFixture.engine(TestServices.get().config(Map.of("CLIENT_NAME", "crash-mid-add")));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static AddRequest threeFacts(String user, String key) {
        return AddRequest.of(user, List.of(new Message("user", "Flight AF1234 to Paris on the 3rd of June"),
                        new Message("user", "Hotel Le Marais, two nights, non-smoking room"),
                        new Message("user", "Dinner reservation at Chez Janou on the 4th")))
                .withInfer(false).withIdempotencyKey(key);
    }

    @Test
    void aFailureAfterTheFirstFactRollsEverythingBackAndTheRetryWithTheSameKeyWritesOnce() {
        String user = newUser();
        String key = "turn-" + UUID.randomUUID();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        // Fails any insert for this user once the transaction already holds one of their memories: the first fact
        // (and its history row) are written, the second insert raises.
        Sql.execute("""
                CREATE FUNCTION crash_after_first_%1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM memories WHERE user_id = NEW.user_id) THEN
                        RAISE EXCEPTION 'simulated crash after the first fact' USING ERRCODE = 'XX000';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER crash_after_first_%1$s BEFORE INSERT ON memories FOR EACH ROW
                    WHEN (NEW.user_id = '%2$s') EXECUTE FUNCTION crash_after_first_%1$s();
                """.formatted(suffix, user));
        try {
            assertThatThrownBy(() -> engine.add(threeFacts(user, key)).block(WAIT))
                    .as("the add fails with the database").isNotNull();
            assertThat(Sql.userRows(user)).as("nothing half-written").containsOnly(
                    java.util.Map.entry("memories", 0L), java.util.Map.entry("memory_history", 0L),
                    java.util.Map.entry("idempotency_keys", 0L), java.util.Map.entry("user_revisions", 0L));
            assertThat(engine.search(SearchRequest.of(user, "Paris flight")).block(WAIT).results()).isEmpty();
        } finally {
            Sql.execute("DROP TRIGGER crash_after_first_%1$s ON memories; DROP FUNCTION crash_after_first_%1$s()".formatted(suffix));
        }

        AddResult retry = engine.add(threeFacts(user, key)).block(WAIT);
        assertThat(retry.replayed()).isFalse();
        assertThat(retry.results()).extracting(FactResult::event).containsExactly(MemoryEvent.ADD, MemoryEvent.ADD, MemoryEvent.ADD);
        AddResult again = engine.add(threeFacts(user, key)).block(WAIT);
        assertThat(again.replayed()).isTrue();
        assertThat(again.results()).isEqualTo(retry.results());
        assertThat(Sql.userRows(user)).containsEntry("memories", 3L).containsEntry("memory_history", 3L)
                .containsEntry("idempotency_keys", 1L);
        assertThat(engine.search(SearchRequest.of(user, "Paris flight")).block(WAIT).results()).hasSize(3);
        System.out.println("[crash-mid-add] trigger failure after fact 1 of 3: 0 rows left; retry wrote 3 memories once; "
                + "second retry replayed");
    }

    @Test
    void aBackendKilledAfterTheFirstFactIsRetriedOnAFreshConnectionAndWritesOnce() {
        String user = newUser();
        String key = "turn-" + UUID.randomUUID();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        // The second insert kills its own backend, once (a sequence is not rolled back): the connection dies in the
        // middle of the transaction, as in a failover or an OOM kill of the backend.
        Sql.execute("""
                CREATE SEQUENCE crash_once_%1$s;
                GRANT USAGE ON SEQUENCE crash_once_%1$s TO PUBLIC;
                CREATE FUNCTION kill_after_first_%1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM memories WHERE user_id = NEW.user_id) AND nextval('crash_once_%1$s') = 1 THEN
                        PERFORM pg_terminate_backend(pg_backend_pid());
                        PERFORM pg_sleep(5);
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER kill_after_first_%1$s BEFORE INSERT ON memories FOR EACH ROW
                    WHEN (NEW.user_id = '%2$s') EXECUTE FUNCTION kill_after_first_%1$s();
                """.formatted(suffix, user));
        AddResult result;
        try {
            result = engine.add(threeFacts(user, key)).block(WAIT);
            // Three calls: the killed attempt's second insert, then the retry's second and third inserts (without the
            // kill, one transaction would have made two).
            assertThat(Sql.count("SELECT last_value FROM crash_once_" + suffix)).as("the backend was killed mid-add").isEqualTo(3);
        } finally {
            Sql.execute("DROP TRIGGER kill_after_first_%1$s ON memories; DROP FUNCTION kill_after_first_%1$s(); DROP SEQUENCE crash_once_%1$s"
                    .formatted(suffix));
        }
        assertThat(result.results()).extracting(FactResult::event).containsExactly(MemoryEvent.ADD, MemoryEvent.ADD, MemoryEvent.ADD);
        assertThat(Sql.userRows(user)).containsEntry("memories", 3L).containsEntry("memory_history", 3L)
                .containsEntry("idempotency_keys", 1L);
        assertThat(Sql.rows("SELECT id FROM memories WHERE user_id = ?", user)).extracting(r -> r.get("id"))
                .containsExactlyInAnyOrderElementsOf(result.results().stream().map(FactResult::id).toList());
        AddResult retry = engine.add(threeFacts(user, key)).block(WAIT);
        assertThat(retry.replayed()).isTrue();
        assertThat(retry.results()).isEqualTo(result.results());
        System.out.println("[crash-mid-add] backend killed after fact 1 of 3: the engine retried on a fresh connection, "
                + "3 memories written once, no user-visible error");
    }
}

package io.agentmemory.engine.reliability;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An add with an idempotency key waits for the user's writer lock to write its decisions and its answer. A memory
 * committed while it waited is one the add decides on: its write finds the user's revision moved and writes
 * nothing, and the add decides again as the user's one writer, whose transaction sends BEGIN, the lock and its
 * read in one flight; the read must still start only once the lock is held. Either way, were the decisions taken
 * on a snapshot older than the lock, the add would store the same fact twice.
 */
class WriterLockTest {

    @Test
    void anAddWaitingForTheLockDecidesOnWhatWasCommittedWhileItWaited() throws Exception {
        String name = "writer-lock-" + UUID.randomUUID().toString().substring(0, 8);
        try (MemoryEngine engine = EngineFixture.engine(TestServices.get().config(Map.of("CLIENT_NAME", name)));
             Connection holder = TestServices.get().jdbc()) {
            String user = newUser();
            String fact = "Prefers aisle seats";
            List<float[]> vectors = engine.embeddingModel().embedAll(List.of(fact));
            Sql.writerLock(holder, user, true);
            CompletableFuture<AddResult> add = engine.add(AddRequest.of(user, List.of(new Message("user", fact)))
                    .withInfer(false).withIdempotencyKey("k-" + UUID.randomUUID())).toFuture();
            Sql.awaitLockWait(name, 20);
            // Committed (the holder's connection is in autocommit) while the add waits, then the lock is let go.
            Sql.insertMemory(holder, user, fact, vectors.get(0), engine.embeddingModel().name());
            Sql.writerLock(holder, user, false);

            AddResult result = add.get(30, TimeUnit.SECONDS);
            assertThat(result.results()).extracting(FactResult::event).containsExactly(MemoryEvent.NOOP);
            assertThat(Sql.userRows(user)).containsEntry("memories", 1L).containsEntry("idempotency_keys", 1L);
        }
    }
}

package io.agentmemory.engine.reliability;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.Memory;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.store.Database;
import io.agentmemory.engine.store.ReopenableConnectionPool;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.OwnPool;
import io.agentmemory.engine.testing.TestServices;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcRollbackException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A caller that gives up (its own timeout, an acquire or statement timeout upstream, a client gone) cancels the
 * engine's call while the call's statement or transaction is open on a pooled connection. The server is asked to
 * cancel what runs, and the connection is replaced; the next borrower must start from nothing: its own transaction,
 * only its own users' rows, nothing of the cancelled call committed, even of a statement that was its own
 * transaction. One pooled connection makes the hand-over certain; the cancelled statements are a sleep or a wait
 * for a user's lock, so the cancel lands while the server is still working on them.
 */
class CancelledCallsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CLIENT = "cancelled-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String ALICE = CLIENT + "-alice";
    private static final String BOB = CLIENT + "-bob";

    private static OwnPool own;
    private static ReopenableConnectionPool pool;
    private static Database database;

    @BeforeAll
    static void seed() {
        for (String user : List.of(ALICE, ALICE, ALICE, BOB, BOB)) {
            Sql.execute(insert(user));
        }
        own = new OwnPool(CLIENT, Map.of("DB_POOL_MAX_SIZE", "1", "CLIENT_NAME", CLIENT), WAIT);
        pool = own.pool();
        database = own.database();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        own.close();
    }

    @Test
    void aReadCancelledWhileItsStatementRunsLeavesTheNextUserTheirOwnRows() throws Exception {
        Disposable cancelled = database.forUsers(List.of(ALICE),
                c -> count(c, "SELECT count(*) FROM memories, pg_sleep(0.5)")).subscribe();
        awaitStatement("pg_sleep");
        cancelled.dispose();

        assertThat(database.forUsers(List.of(BOB), c -> count(c, "SELECT count(*) FROM memories")).block(WAIT))
                .as("Bob's transaction sees Bob's rows, not Alice's and not none").isEqualTo(rowsOf(BOB));
        assertThat(connectionState()).isEqualTo(CLEAN);
    }

    @Test
    void aCancelledStatementIsStoppedOnTheServerAndItsConnectionReplaced() throws Exception {
        int opened = pool.connectionsOpened();
        // Longer than a borrower waits for a connection, shorter than the statement timeout.
        Disposable cancelled = database.forUsers(List.of(ALICE),
                c -> count(c, "SELECT count(*) FROM memories, pg_sleep(20)")).subscribe();
        awaitStatement("pg_sleep");
        cancelled.dispose();

        assertThat(database.forUsers(List.of(BOB), c -> count(c, "SELECT count(*) FROM memories")).block(WAIT))
                .isEqualTo(rowsOf(BOB));
        assertThat(pool.connectionsOpened()).as("a new connection replaced the busy one").isEqualTo(opened + 1);
        assertThat(connectionState()).isEqualTo(CLEAN);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Sql.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND query LIKE '%pg_sleep(20)%'",
                CLIENT) > 0) {
            assertThat(System.nanoTime()).as("the server stopped the cancelled statement long before its end").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aWriteCancelledWhileWaitingForItsUsersLockIsRolledBackAndTheNextWriterWritesUnderItsOwnUser() throws Exception {
        long aliceBefore = rowsOf(ALICE);
        long bobBefore = rowsOf(BOB);
        try (var holder = TestServices.get().jdbc()) {
            Sql.writerLock(holder, ALICE, true);
            Disposable cancelled = database.asWriterOf(ALICE, c -> updated(c, insert(ALICE))).subscribe();
            Sql.awaitLockWait(CLIENT, 20);
            cancelled.dispose();
            Sql.writerLock(holder, ALICE, false);
        }

        assertThat(database.asWriterOf(BOB, c -> updated(c, insert(BOB))).block(WAIT)).isEqualTo(1);
        assertThat(database.forUsers(List.of(BOB), c -> count(c, "SELECT count(*) FROM memories")).block(WAIT))
                .isEqualTo(bobBefore + 1);
        assertThat(connectionState()).isEqualTo(CLEAN);
        assertThat(rowsOf(ALICE)).as("the cancelled write was rolled back, not committed by the next borrower")
                .isEqualTo(aliceBefore);
        assertThat(rowsOf(BOB)).isEqualTo(bobBefore + 1);
    }

    @Test
    void callsCancelledAtAnyMomentOfTheirTransactionNeverLeakIntoTheNextCall() throws Exception {
        for (int attempt = 0; attempt < 60; attempt++) {
            // From before BEGIN's answer has arrived to the middle of the work: the moments a cancel can land.
            long delayMicros = (attempt % 20) * 150L;
            Disposable cancelled = (attempt % 2 == 0
                    ? database.asWriterOf(ALICE, c -> updated(c, insert(ALICE)))
                    : database.forUsers(List.of(ALICE), c -> count(c, "SELECT count(*) FROM memories, pg_sleep(0.002)")))
                    .onErrorResume(e -> Mono.empty()).subscribe();
            TimeUnit.MICROSECONDS.sleep(delayMicros);
            cancelled.dispose();
            assertThat(database.forUsers(List.of(BOB), c -> count(c, "SELECT count(*) FROM memories")).block(WAIT))
                    .as("attempt %d: Bob's rows seen by Bob", attempt).isEqualTo(rowsOf(BOB));
            assertThat(connectionState()).as("attempt %d", attempt).isEqualTo(CLEAN);
        }
    }

    @Test
    void anAddCancelledWhileWaitingForItsUsersLockLeavesTheNextUsersAddSearchAndListTheirOwn() throws Exception {
        String name = CLIENT + "-engine";
        try (MemoryEngine engine = EngineFixture.engine(TestServices.get().config(
                Map.of("DB_POOL_MAX_SIZE", "1", "CLIENT_NAME", name)));
             var holder = TestServices.get().jdbc()) {
            String alice = EngineFixture.newUser();
            String bob = EngineFixture.newUser();
            EngineFixture.store(engine, alice, "Prefers aisle seats");
            Sql.writerLock(holder, alice, true);
            Disposable cancelled = EngineFixture.engineAdd(engine, alice, "Is vegetarian").subscribe();
            Sql.awaitLockWait(name, 20);
            cancelled.dispose();
            // Bob's add comes while the cancelled add still waits on the server: it must not start before that ends.
            CompletableFuture<AddResult> bobsAdd = engine.add(AddRequest.of(bob, List.of(new Message("user", "Home airport is Munich")))
                    .withInfer(false)).toFuture();
            Thread.sleep(500);
            Sql.writerLock(holder, alice, false);

            assertThat(bobsAdd.get(30, TimeUnit.SECONDS).results())
                    .extracting(FactResult::event).containsExactly(MemoryEvent.ADD);
            assertThat(engine.search(SearchRequest.of(bob, "which airport").withLimit(10)).block(WAIT).results())
                    .extracting(SearchHit::memory).containsExactly("Home airport is Munich");
            assertThat(engine.list(bob, 100, null).block(WAIT).memories()).extracting(Memory::memory)
                    .containsExactly("Home airport is Munich");
            assertThat(engine.list(alice, 100, null).block(WAIT).memories()).extracting(Memory::memory)
                    .as("the cancelled add was rolled back").containsExactly("Prefers aisle seats");
            assertThat(Sql.userRows(alice)).containsEntry("memories", 1L);
        }
    }

    @Test
    void workThatSwallowsAStatementsErrorFailsAtCommitAndLeavesNoAbortedTransactionBehind() {
        long bobBefore = rowsOf(BOB);
        Mono<Long> swallowing = database.forUsers(List.of(BOB), c -> updated(c, insert(BOB))
                .then(updated(c, "SELECT 1 / 0").onErrorResume(e -> Mono.just(0L))));

        assertThatThrownBy(() -> swallowing.block(WAIT)).isInstanceOf(R2dbcRollbackException.class);
        assertThat(rowsOf(BOB)).isEqualTo(bobBefore);
        assertThat(connectionState()).isEqualTo(CLEAN);
        assertThat(database.forUsers(List.of(BOB), c -> count(c, "SELECT count(*) FROM memories")).block(WAIT)).isEqualTo(bobBefore);
    }

    /** Outside any transaction block (a lone statement's start is its transaction's start) with no users set. */
    private static final String CLEAN = "outside a transaction, users ''";

    private static String connectionState() {
        return Mono.usingWhen(pool.acquire(), c -> Flux.from(c.createStatement(
                                "SELECT CASE WHEN now() = statement_timestamp() THEN 'outside a transaction' ELSE 'inside a transaction' END"
                                        + " || ', users ''' || coalesce(current_setting('memory.user_ids', true), '') || '''' ")
                        .execute()).flatMap(r -> r.map((row, m) -> row.get(0, String.class))).single(),
                Connection::close).block(WAIT);
    }

    private static void awaitStatement(String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (Sql.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND state = 'active' AND query LIKE ?",
                CLIENT, "%" + fragment + "%") == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no statement with " + fragment + " ran within 20 s");
            }
            Thread.sleep(5);
        }
    }

    private static long rowsOf(String user) {
        return Sql.count("SELECT count(*) FROM memories WHERE user_id = ?", user);
    }

    private static String insert(String user) {
        return "INSERT INTO memories (id, user_id, memory, memory_key, embedding, embedding_model) VALUES ('" + UUID.randomUUID()
                + "', '" + user + "', 'memory of " + user + "', '" + UUID.randomUUID() + "', array_fill(0.1, ARRAY["
                + TestServices.EMBEDDING_DIMENSION + "])::vector, 'e5-small-v2-q')";
    }

    private static Mono<Long> count(Connection c, String sql) {
        return Flux.from(c.createStatement(sql).execute()).flatMap(r -> r.map((row, m) -> row.get(0, Long.class))).single();
    }

    private static Mono<Long> updated(Connection c, String sql) {
        return Flux.from(c.createStatement(sql).execute()).flatMap(r -> Mono.from(r.getRowsUpdated())).single();
    }
}

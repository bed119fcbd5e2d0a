package io.agentmemory.engine.store;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.SearchResult;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.TestServices;
import io.netty.util.concurrent.FastThreadLocalThread;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cached answer's revision read on the caller's thread, over the environment's own blocking connection, against
 * the real database: served there when it can be, and otherwise (an event loop asking, the connection busy, dead,
 * closed for a snapshot) left to the pool at once, with the same answer. Read-your-writes holds either way.
 */
class CallerThreadConnectionTest {

    private static EngineConfig config(String clientName, String callerThread) {
        return TestServices.get().config(Map.of("CLIENT_NAME", clientName, "DB_POOL_MAX_SIZE", "2",
                "DB_CALLER_THREAD_CONNECTION", callerThread));
    }

    private static String clientName() {
        return "caller-thread-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A search answered from the environment's own copy once the caller's-thread connection is open: the first hit
     * finds it closed, opens it in the background and is read through the pool.
     */
    private static SearchResult hitOnceOpen(MemoryEngine engine, SearchRequest query) {
        long opened = engine.stats().callerThreadConnectionsOpened();
        engine.search(query).block(WAIT);
        engine.search(query).block(WAIT);
        awaitTrue(() -> engine.stats().callerThreadConnectionsOpened() > opened, "the connection opened in the background");
        return engine.search(query).block(WAIT);
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(until);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aCachedAnswersRevisionIsReadOnTheCallersThreadAndAWriteElsewhereIsStillSeen() {
        try (MemoryEngine answering = EngineFixture.engine(config(clientName(), "true"));
             MemoryEngine writing = EngineFixture.engine(TestServices.get().config())) {
            String user = newUser();
            EngineFixture.store(writing, user, "Prefers window seats");
            SearchRequest query = SearchRequest.of(user, "seat preference");
            answering.search(query).block(WAIT);
            long readsBefore = answering.stats().callerThreadReads();
            SearchResult hit = hitOnceOpen(answering, query);
            assertThat(hit.cached()).isTrue();
            assertThat(answering.stats().callerThreadReads()).as("the hit's revision read on this thread").isGreaterThan(readsBefore);

            EngineFixture.store(writing, user, "Travels with a dog named Bella");
            long readsBeforeWrite = answering.stats().callerThreadReads();
            SearchResult afterWrite = answering.search(query).block(WAIT);
            assertThat(answering.stats().callerThreadReads()).isEqualTo(readsBeforeWrite + 1);
            assertThat(afterWrite.cached()).as("the copy is older than the write").isFalse();
            assertThat(afterWrite.results()).extracting(r -> r.memory())
                    .containsExactlyInAnyOrder("Prefers window seats", "Travels with a dog named Bella");
        }
    }

    @Test
    void offByDefault() {
        try (MemoryEngine engine = EngineFixture.engine(TestServices.get().config(Map.of("CLIENT_NAME", clientName())))) {
            String user = newUser();
            EngineFixture.store(engine, user, "Prefers window seats");
            SearchRequest query = SearchRequest.of(user, "seat preference");
            engine.search(query).block(WAIT);
            assertThat(engine.search(query).block(WAIT).cached()).isTrue();
            assertThat(engine.stats().callerThreadConnectionsOpened()).isZero();
            assertThat(engine.stats().callerThreadReads()).isZero();
        }
    }

    @Test
    void aThreadThatMustNotBlockLeavesTheReadToThePool() {
        try (MemoryEngine engine = EngineFixture.engine(config(clientName(), "true"))) {
            String user = newUser();
            EngineFixture.store(engine, user, "Prefers window seats");
            SearchRequest query = SearchRequest.of(user, "seat preference");
            assertThat(hitOnceOpen(engine, query).cached()).isTrue();
            long reads = engine.stats().callerThreadReads();
            SearchResult onParallel = engine.search(query).subscribeOn(Schedulers.parallel()).block(WAIT);
            assertThat(onParallel.cached()).isTrue();
            assertThat(engine.stats().callerThreadReads()).as("not read on Reactor's non-blocking thread").isEqualTo(reads);

            // The drivers' event loops, where the pool's and the cache's answers arrive, are Netty threads.
            AtomicReference<Thread> answeredOn = new AtomicReference<>();
            engine.search(SearchRequest.of(user, "a question not asked before " + UUID.randomUUID()))
                    .doOnNext(result -> answeredOn.set(Thread.currentThread())).block(WAIT);
            assertThat(answeredOn.get()).isNotSameAs(Thread.currentThread());
            assertThat(CallerThreadConnection.mayBlock(answeredOn.get())).as(answeredOn.get().getName()).isFalse();
        }
        assertThat(CallerThreadConnection.mayBlock(new FastThreadLocalThread(() -> { }))).isFalse();
        assertThat(CallerThreadConnection.mayBlock(Thread.currentThread())).isTrue();
        assertThat(CallerThreadConnection.mayBlock(Thread.ofVirtual().unstarted(() -> { }))).isTrue();
    }

    @Test
    void theEnvironmentHoldsNoMoreConnectionsThanItsPoolMaxSize() {
        try (MemoryEngine engine = EngineFixture.engine(config(clientName(), "true"))) {
            String user = newUser();
            EngineFixture.store(engine, user, "Prefers window seats", "Is vegetarian", "Lives in Lisbon");
            SearchRequest query = SearchRequest.of(user, "seat preference");
            hitOnceOpen(engine, query);
            // Misses and hits at once, from threads that may block and threads that may not.
            reactor.core.publisher.Flux.range(0, 16)
                    .flatMap(i -> engine.search(i % 2 == 0 ? query : SearchRequest.of(user, "question " + i))
                            .subscribeOn(i % 4 < 2 ? Schedulers.boundedElastic() : Schedulers.parallel()), 8)
                    .collectList().block(WAIT);
            assertThat(engine.stats().databaseConnectionsOpened()).as("the pool holds one of the two").isEqualTo(1);
            assertThat(engine.stats().callerThreadConnectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void aBusyConnectionLeavesTheCallerToThePoolAtOnce() throws Exception {
        try (CallerThreadConnection connection = open(config(clientName(), "true"))) {
            CountDownLatch reading = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = Thread.ofPlatform().start(() -> connection.readIfFree(c -> {
                reading.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 1;
            }));
            assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(connection.<Integer>readIfFree(c -> 2)).as("held by another thread").isNull();
            release.countDown();
            holder.join();
            assertThat(connection.<Integer>readIfFree(c -> 3)).isEqualTo(3);
        }
    }

    @Test
    void aConnectionThatDiesIsDroppedAndTheEngineAnswersThroughThePool() throws Exception {
        String clientName = clientName();
        try (CallerThreadConnection connection = open(config(clientName, "true"))) {
            Integer pid = connection.readIfFree(CallerThreadConnectionTest::backendPid);
            terminate("pid = " + pid);
            assertThat(connection.<Integer>readIfFree(CallerThreadConnectionTest::backendPid)).as("the failed read").isNull();
            assertThat(connection.isOpen()).isFalse();
            assertThat(connection.<Integer>readIfFree(CallerThreadConnectionTest::backendPid))
                    .as("not opened again before the pause").isNull();
        }
        try (MemoryEngine engine = EngineFixture.engine(config(clientName, "true"))) {
            String user = newUser();
            EngineFixture.store(engine, user, "Prefers window seats");
            SearchRequest query = SearchRequest.of(user, "seat preference");
            hitOnceOpen(engine, query);
            terminate("application_name = '" + clientName + "'");
            SearchResult afterDeath = engine.search(query).block(WAIT);
            assertThat(afterDeath.cached()).isTrue();
            assertThat(afterDeath.results()).extracting(r -> r.memory()).containsExactly("Prefers window seats");
        }
    }

    @Test
    void closedBeforeASnapshotAndOpenedAgainOnTheNextHit() {
        try (MemoryEngine engine = EngineFixture.engine(config(clientName(), "true"))) {
            engine.prime();
            assertThat(engine.stats().callerThreadConnectionsOpened()).as("primed on this thread").isEqualTo(1);
            assertThat(engine.stats().callerThreadReads()).isEqualTo(1);
            engine.suspendConnections();
            String user = newUser();
            EngineFixture.store(engine, user, "Prefers window seats");
            SearchRequest query = SearchRequest.of(user, "seat preference");
            assertThat(hitOnceOpen(engine, query).cached()).isTrue();
            assertThat(engine.stats().callerThreadConnectionsOpened()).isEqualTo(2);
        }
    }

    private static CallerThreadConnection open(EngineConfig config) {
        DatabaseUrl url = DatabaseUrl.parse(config.database().url(), config.database().user(), config.database().password());
        CallerThreadConnection connection = CallerThreadConnection.of(config, url,
                DatabaseCredentials.fixed(new DatabaseLogin(url.user(), url.password())));
        connection.openNow();
        assertThat(connection.isOpen()).isTrue();
        return connection;
    }

    private static Integer backendPid(Connection c) throws java.sql.SQLException {
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void terminate(String which) throws Exception {
        try (Connection admin = TestServices.get().jdbc(); Statement s = admin.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE " + which);
        }
        Thread.sleep(Duration.ofMillis(50));
    }
}

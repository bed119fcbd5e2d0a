package io.agentmemory.engine.store;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.SearchResult;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.OwnPool;
import io.agentmemory.engine.testing.TestServices;
import io.netty.util.concurrent.FastThreadLocalThread;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A cached answer's revision read and an add's statements on the caller's thread, over the environment's own blocking
 * connection, against the real database: served there when it can be, and otherwise (an event loop asking, the
 * connection busy, dead, closed for a snapshot) left to the pool at once, with the same answer. Read-your-writes and
 * the add's decisions hold either way.
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
     * (or an add before it) finds it closed, opens it in the background and is read through the pool.
     */
    private static SearchResult hitOnceOpen(MemoryEngine engine, SearchRequest query) {
        engine.search(query).block(WAIT);
        engine.search(query).block(WAIT);
        awaitTrue(() -> engine.stats().callerThreadConnectionOpen(), "the connection opened in the background");
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
            long readsBefore = answering.stats().callerThreadRuns();
            SearchResult hit = hitOnceOpen(answering, query);
            assertThat(hit.cached()).isTrue();
            assertThat(answering.stats().callerThreadRuns()).as("the hit's revision read on this thread").isGreaterThan(readsBefore);

            EngineFixture.store(writing, user, "Travels with a dog named Bella");
            long readsBeforeWrite = answering.stats().callerThreadRuns();
            SearchResult afterWrite = answering.search(query).block(WAIT);
            // The stale copy's revision read ran here; the miss's statement too, when the search went on on this thread
            // (the revision read answered after the look-up), and else through the pool.
            assertThat(answering.stats().callerThreadRuns()).isBetween(readsBeforeWrite + 1, readsBeforeWrite + 2);
            assertThat(afterWrite.cached()).as("the copy is older than the write").isFalse();
            assertThat(afterWrite.results()).extracting(r -> r.memory())
                    .containsExactlyInAnyOrder("Prefers window seats", "Travels with a dog named Bella");
        }
    }

    @Test
    void anAddRunsItsStatementsOnTheCallersThreadAndDecidesAsThroughThePool() {
        try (MemoryEngine here = EngineFixture.engine(config(clientName(), "true"));
             MemoryEngine pooled = EngineFixture.engine(TestServices.get().config())) {
            here.prime();
            String userHere = newUser();
            String userPooled = newUser();
            List<String> conversation = List.of(
                    "I'm vegetarian and my budget is about 2,000 EUR.",
                    "I'm vegetarian and my budget is about 3,000 EUR.",
                    "My budget is about 3,000 EUR.");
            for (String message : conversation) {
                long runs = here.stats().callerThreadRuns();
                AddResult onCallerThread = EngineFixture.remember(here, userHere, message);
                AddResult throughPool = EngineFixture.remember(pooled, userPooled, message);
                assertThat(here.stats().callerThreadRuns()).as("the add's statements on this thread").isGreaterThan(runs);
                assertThat(onCallerThread.results()).extracting(FactResult::event, FactResult::memory, FactResult::previousMemory)
                        .isEqualTo(throughPool.results().stream()
                                .map(r -> org.assertj.core.groups.Tuple.tuple(r.event(), r.memory(), r.previousMemory())).toList());
            }
            assertThat(EngineFixture.historyCount(here, userHere, MemoryEvent.UPDATE)).isEqualTo(1);
            assertThat(EngineFixture.memoryCount(here, userHere)).isEqualTo(EngineFixture.memoryCount(pooled, userPooled)).isEqualTo(2);
            SearchResult found = here.search(SearchRequest.of(userHere, "budget")).block(WAIT);
            assertThat(found.results()).extracting(r -> r.memory()).contains("Budget is about 3,000 EUR");
        }
    }

    @Test
    void aMissRunsItsSearchStatementOnTheCallersThreadWithThePoolsHits() {
        try (MemoryEngine here = EngineFixture.engine(config(clientName(), "true"));
             MemoryEngine pooled = EngineFixture.engine(TestServices.get().config(Map.of("CACHE_ENABLED", "false")))) {
            here.prime();
            String user = newUser();
            EngineFixture.store(pooled, user, "Prefers window seats", "Is vegetarian", "Lives in Lisbon");
            SearchRequest query = SearchRequest.of(user, "where does the user live " + UUID.randomUUID());
            long runs = here.stats().callerThreadRuns();
            SearchResult onCallerThread = here.search(query).block(WAIT);
            assertThat(onCallerThread.cached()).isFalse();
            assertThat(here.stats().callerThreadRuns()).as("the miss's statement on this thread").isGreaterThan(runs);
            SearchResult throughPool = pooled.search(query).block(WAIT);
            assertThat(onCallerThread.results()).extracting(r -> r.memory(), r -> r.score())
                    .isEqualTo(throughPool.results().stream()
                            .map(r -> org.assertj.core.groups.Tuple.tuple(r.memory(), r.score())).toList());
            assertThat(onCallerThread.results().get(0).memory()).isEqualTo("Lives in Lisbon");
        }
    }

    @Test
    void workOnTheCallersThreadGivesItsOwnEmptyAnswerAndErrorsAndAFailedStatementGoesToThePool() throws Exception {
        try (OwnPool own = new OwnPool("caller-work-", Map.of("CLIENT_NAME", clientName(), "DB_POOL_MAX_SIZE", "2",
                "DB_CALLER_THREAD_CONNECTION", "true"), WAIT)) {
            own.callerThread().openNow();
            Database database = own.database();
            List<Class<?>> ranOn = new CopyOnWriteArrayList<>();
            Long one = database.onCallerThreadOrPool(runner -> {
                ranOn.add(runner.getClass());
                return runner.rows(new PortableStatement("SELECT $1::bigint AS n", 1).bind(0, 1L), row -> row.get("n", Long.class)).single();
            }).block(WAIT);
            assertThat(one).isEqualTo(1L);
            assertThat(ranOn).containsExactly(StatementRunner.Blocking.class);

            ranOn.clear();
            assertThat(database.onCallerThreadOrPool(runner -> {
                ranOn.add(runner.getClass());
                return Mono.empty();
            }).blockOptional(WAIT)).as("nothing, as the work answered: the pool is not asked").isEmpty();
            assertThatThrownBy(() -> database.onCallerThreadOrPool(runner -> {
                ranOn.add(runner.getClass());
                return Mono.error(new IllegalArgumentException("the work's own error"));
            }).block(WAIT)).isInstanceOf(IllegalArgumentException.class).hasMessage("the work's own error");
            assertThat(ranOn).containsExactly(StatementRunner.Blocking.class, StatementRunner.Blocking.class);
            assertThat(own.callerThread().isOpen()).as("the work's error is not the connection's").isTrue();

            ranOn.clear();
            assertThatThrownBy(() -> database.onCallerThreadOrPool(runner -> {
                ranOn.add(runner.getClass());
                return runner.rows(new PortableStatement("SELECT 1 / $1::int AS n", 1).bind(0, 0), row -> row.get("n", Integer.class)).single();
            }).block(WAIT)).as("the pool's answer: the same statement fails there").hasMessageContaining("division by zero");
            assertThat(ranOn).containsExactly(StatementRunner.Blocking.class, StatementRunner.Pooled.class);
            assertThat(own.callerThread().isOpen()).isFalse();
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
            assertThat(engine.stats().callerThreadRuns()).isZero();
        }
    }

    @Test
    void aThreadThatMustNotBlockLeavesTheReadToThePool() {
        try (MemoryEngine engine = EngineFixture.engine(config(clientName(), "true"))) {
            String user = newUser();
            EngineFixture.store(engine, user, "Prefers window seats");
            SearchRequest query = SearchRequest.of(user, "seat preference");
            assertThat(hitOnceOpen(engine, query).cached()).isTrue();
            long reads = engine.stats().callerThreadRuns();
            SearchResult onParallel = engine.search(query).subscribeOn(Schedulers.parallel()).block(WAIT);
            assertThat(onParallel.cached()).isTrue();
            assertThat(engine.stats().callerThreadRuns()).as("not read on Reactor's non-blocking thread").isEqualTo(reads);

        }
        // The drivers' event loops, where the pool's and the cache's answers arrive, are Netty threads (seen where
        // no caller's-thread connection takes the statement: a miss then answers on the pool's event loop).
        try (MemoryEngine engine = EngineFixture.engine(config(clientName(), "false"))) {
            AtomicReference<Thread> answeredOn = new AtomicReference<>();
            engine.search(SearchRequest.of(newUser(), "a question not asked before " + UUID.randomUUID()))
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
            Thread holder = Thread.ofPlatform().start(() -> connection.runIfFree(c -> {
                reading.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 1;
            }));
            assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(connection.<Integer>runIfFree(c -> 2)).as("held by another thread").isNull();
            release.countDown();
            holder.join();
            assertThat(connection.<Integer>runIfFree(c -> 3)).isEqualTo(3);
        }
    }

    @Test
    void aConnectionThatDiesIsDroppedAndTheEngineAnswersThroughThePool() throws Exception {
        String clientName = clientName();
        try (CallerThreadConnection connection = open(config(clientName, "true"))) {
            Integer pid = connection.runIfFree(CallerThreadConnectionTest::backendPid);
            terminate("pid = " + pid);
            assertThat(connection.<Integer>runIfFree(CallerThreadConnectionTest::backendPid)).as("the failed read").isNull();
            assertThat(connection.isOpen()).isFalse();
            assertThat(connection.<Integer>runIfFree(CallerThreadConnectionTest::backendPid))
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
    void primingRunsAnAddsReadsOnTheCallersThreadAndWritesNothing() {
        try (MemoryEngine engine = EngineFixture.engine(config(clientName(), "true"))) {
            engine.prime();
            assertThat(engine.stats().callerThreadRuns()).as("the revision read and the add's two reads, at least")
                    .isGreaterThanOrEqualTo(3);
            assertThat(EngineFixture.memoryCount(engine, "__prime__")).isZero();
        }
    }

    @Test
    void closedBeforeASnapshotAndOpenedAgainOnTheNextHit() {
        try (MemoryEngine engine = EngineFixture.engine(config(clientName(), "true"))) {
            engine.prime();
            assertThat(engine.stats().callerThreadConnectionsOpened()).as("primed on this thread").isEqualTo(1);
            // The revision read; the search's own too, when another test's priming left its answer in the shared cache.
            assertThat(engine.stats().callerThreadRuns()).isPositive();
            engine.suspendConnections();
            assertThat(engine.stats().callerThreadConnectionOpen()).isFalse();
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

package io.agentmemory.engine.reliability;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.TestServices;
import io.agentmemory.engine.testing.TravelCorpus;
import io.r2dbc.spi.R2dbcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 50 simulated Lambda execution environments — each its own engine with its own pool, running one invocation at a
 * time, as Lambda does — hammer add and search against a PostgreSQL this test owns with {@code max_connections = 100}.
 * With the engine's pool (max 2 per environment, opened lazily) there is not one connection error; with the old
 * service's pool of 10-20 per environment, 50 environments ask for 500-1,000 connections and the server turns them
 * away ("sorry, too many clients already").
 *
 * <p>The default run is short; {@code -Dreliability.load.operations=40} (operations per environment) runs the full size.
 */
class ManyEnvironmentsLoadTest {

    private static final int ENVIRONMENTS = 50;
    private static final int MAX_CONNECTIONS = 100;
    private static final int OPERATIONS = Integer.getInteger("reliability.load.operations", 6);

    private static OwnPostgres database;

    @BeforeAll
    static void startDatabase() throws Exception {
        Assumptions.assumeTrue(OwnPostgres.available(), "PostgreSQL server binaries (initdb, pg_ctl) are not installed");
        database = OwnPostgres.start(MAX_CONNECTIONS);
    }

    @AfterAll
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    /**
     * What one run did: the herd's operations and errors, the peak of server connections the herd's environments held,
     * and what happened to a few environments started afterwards while the herd's pools were still alive (a scale-out,
     * another function's cold start).
     */
    record Load(String label, int operations, int errors, Map<String, Integer> errorKinds, int peakConnections,
                int connectionsOpened, long millis, int newcomerErrors, Map<String, Integer> newcomerErrorKinds) {
        @Override
        public String toString() {
            return String.format("%s: %d operations by %d environments in %d ms, %d errors %s, peak %d server connections "
                            + "(max_connections %d), %d opened by the pools; %d newcomer environments: %d of %d operations failed %s",
                    label, operations, ENVIRONMENTS, millis, errors, errorKinds, peakConnections, MAX_CONNECTIONS,
                    connectionsOpened, NEWCOMERS, newcomerErrors, NEWCOMERS * 2, newcomerErrorKinds);
        }
    }

    private static final int NEWCOMERS = 5;

    /**
     * The engine's pool with generous time limits. 50 environments embedding on a machine's few cores are starved of
     * CPU as no Lambda environment is, and the default 2 s limits would fail invocations for want of CPU; what this
     * test counts is whether the server admits every environment's connections, which the limits do not change (an
     * environment runs one invocation at a time, so it never waits for its own pool).
     */
    private static final Map<String, String> PATIENT = Map.of("DB_ACQUIRE_TIMEOUT_MS", "15000",
            "DB_CONNECT_TIMEOUT_MS", "15000", "DB_STATEMENT_TIMEOUT_MS", "15000");

    @Test
    void fiftyEnvironmentsWithTheEnginesPoolNeverRunOutOfConnections() throws Exception {
        Load load = run("pool-2", PATIENT, OPERATIONS);
        System.out.println("[many-environments] " + load);
        assertThat(load.errors()).as("connection errors with a pool of 2 per environment: %s", load.errorKinds()).isZero();
        assertThat(load.newcomerErrors()).as("environments started next to the herd: %s", load.newcomerErrorKinds()).isZero();
        assertThat(load.peakConnections()).isPositive().isLessThanOrEqualTo(ENVIRONMENTS * 2);
        assertThat(load.connectionsOpened()).as("pools reuse their connections").isLessThanOrEqualTo((ENVIRONMENTS + NEWCOMERS) * 2);
    }

    @Test
    void theOldPoolOfTenToTwentyPerEnvironmentRunsTheServerOutOfConnections() throws Exception {
        // The Python service's pool: 10 connections opened up front, up to 20. 50 environments want 500-1,000
        // connections from a server that has 100: the pools take every slot there is, and the next environment to
        // start (a scale-out, another function) is turned away.
        // A generous connect timeout: on a busy machine the server forks hundreds of backends at once, and an
        // attempt that timed out instead of being admitted or refused would leave the outcome to chance.
        Load load = run("pool-10-20", Map.of("DB_POOL_INITIAL_SIZE", "10", "DB_POOL_MAX_SIZE", "20",
                "DB_CONNECT_TIMEOUT_MS", "15000"), 1);
        System.out.println("[many-environments] " + load);
        // Sampled every 10 ms from pg_stat_activity, which shows a backend by name only once its start-up is done,
        // so the peak seen is a lower bound of what the pools hold (96 of 100 on a quiet machine).
        assertThat(load.peakConnections()).as("the old pools hold most of the connections the server has")
                .isGreaterThanOrEqualTo(MAX_CONNECTIONS / 2);
        assertThat(load.errors() + load.newcomerErrors()).as("the server turns environments away").isPositive();
        java.util.Set<String> kinds = new java.util.HashSet<>(load.errorKinds().keySet());
        kinds.addAll(load.newcomerErrorKinds().keySet());
        assertThat(kinds).as("too many clients").anyMatch(kind -> kind.contains("53300"));
        // Once those environments are gone, the small pools serve again: nothing stays broken.
        Load after = run("pool-2-after", PATIENT, 1);
        System.out.println("[many-environments] " + after);
        assertThat(after.errors() + after.newcomerErrors()).isZero();
    }

    private static List<MemoryEngine> environments(String label, Map<String, String> poolSettings, int count) {
        List<MemoryEngine> engines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, String> env = new HashMap<>(TestServices.get().environment());
            env.put("DATABASE_URL", database.url().toUrl());
            env.put("CLIENT_NAME", label + "-" + i);
            env.putAll(poolSettings);
            engines.add(EngineFixture.engine(EngineConfig.fromEnvironment(env)));
        }
        return engines;
    }

    private static Load run(String label, Map<String, String> poolSettings, int operationsPerEnvironment) throws Exception {
        List<MemoryEngine> engines = environments(label, poolSettings, ENVIRONMENTS);
        List<MemoryEngine> newcomers = environments(label + "-new", poolSettings, NEWCOMERS);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            users.add("load-" + UUID.randomUUID());
        }
        AtomicInteger errors = new AtomicInteger();
        Map<String, Integer> kinds = new ConcurrentHashMap<>();
        AtomicInteger newcomerErrors = new AtomicInteger();
        Map<String, Integer> newcomerKinds = new ConcurrentHashMap<>();
        AtomicInteger peak = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(ENVIRONMENTS + 1);
        long started = System.nanoTime();
        try (Connection monitor = database.jdbc()) {
            Future<?> sampler = threads.submit(() -> sample(monitor, label, sampling, peak));
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<?>> environments = new ArrayList<>();
            for (int e = 0; e < ENVIRONMENTS; e++) {
                MemoryEngine engine = engines.get(e);
                Random random = new Random(1_000L + e);
                environments.add(threads.submit(() -> {
                    gate.await();
                    invoke(engine, random, users, operationsPerEnvironment, errors, kinds);
                    return null;
                }));
            }
            gate.countDown();
            for (Future<?> f : environments) {
                f.get(5, TimeUnit.MINUTES);
            }
            // The herd's environments stay warm (Lambda keeps them, and their pools, for minutes), so a pool still
            // opening its initial connections in the background finishes before the newcomers arrive.
            awaitSteadyPeak(peak);
            // Then new environments start (a scale-out, another function's cold start).
            for (int n = 0; n < NEWCOMERS; n++) {
                invoke(newcomers.get(n), new Random(n), users, 2, newcomerErrors, newcomerKinds);
            }
            sampling.set(false);
            sampler.get(10, TimeUnit.SECONDS);
        } finally {
            sampling.set(false);
            List<Future<?>> closing = new ArrayList<>();
            for (MemoryEngine engine : engines) {
                closing.add(threads.submit(engine::close));
            }
            for (MemoryEngine engine : newcomers) {
                closing.add(threads.submit(engine::close));
            }
            for (Future<?> f : closing) {
                f.get(30, TimeUnit.SECONDS);
            }
            threads.shutdownNow();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        int opened = java.util.stream.Stream.concat(engines.stream(), newcomers.stream())
                .mapToInt(e -> e.stats().databaseConnectionsOpened()).sum();
        return new Load(label, ENVIRONMENTS * operationsPerEnvironment, errors.get(), new TreeMap<>(kinds), peak.get(), opened,
                millis, newcomerErrors.get(), new TreeMap<>(newcomerKinds));
    }

    /** Waits (at most 15 s) until the sampled peak has not grown for half a second. */
    private static void awaitSteadyPeak(AtomicInteger peak) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int before;
        do {
            before = peak.get();
            Thread.sleep(500);
        } while (peak.get() != before && System.nanoTime() < deadline);
    }

    /** One environment's invocations, one at a time as Lambda runs them: 40 % adds, 60 % searches. */
    private static void invoke(MemoryEngine engine, Random random, List<String> users, int operations, AtomicInteger errors,
                               Map<String, Integer> kinds) {
        for (int op = 0; op < operations; op++) {
            String user = users.get(random.nextInt(users.size()));
            try {
                if (random.nextInt(10) < 4) {
                    engine.add(AddRequest.of(user, List.of(new Message("user", TravelCorpus.fact(random)))).withInfer(false))
                            .block(WAIT);
                } else {
                    engine.search(SearchRequest.of(user, TravelCorpus.query(random))).block(WAIT);
                }
            } catch (RuntimeException failure) {
                errors.incrementAndGet();
                kinds.merge(kind(failure), 1, Integer::sum);
            }
        }
    }

    private static Void sample(Connection monitor, String label, AtomicBoolean sampling, AtomicInteger peak) throws SQLException, InterruptedException {
        try (PreparedStatement s = monitor.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE ?")) {
            s.setString(1, label + "-%");
            while (sampling.get()) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    peak.accumulateAndGet(rs.getInt(1), Math::max);
                }
                Thread.sleep(10);
            }
        }
        return null;
    }

    /**
     * The exception type and every SQLSTATE along its cause chain, e.g. {@code StoreUnavailableException/53300}; with
     * no SQLSTATE, the root cause's type, so that a failure says whether it was a timeout or the server.
     */
    private static String kind(Throwable failure) {
        StringBuilder kind = new StringBuilder(failure.getClass().getSimpleName());
        boolean stated = false;
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            root = t;
            if (t instanceof R2dbcException r && r.getSqlState() != null) {
                stated = true;
                kind.append('/').append(r.getSqlState());
                if (r.getMessage() != null && r.getMessage().contains("too many clients")) {
                    kind.append(" too many clients");
                }
            }
        }
        if (!stated && root != failure) {
            kind.append(" caused by ").append(root.getClass().getSimpleName());
        }
        return kind.toString();
    }
}

package io.agentmemory.engine.reliability;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.MemoryUpdate;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.StoreUnavailableException;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The database goes away — stopped (connections refused), or hung (a frozen host: sockets open, nothing answers) —
 * on a PostgreSQL cluster this test owns. Every call fails fast with {@link StoreUnavailableException} within the
 * engine's budget (acquire + statement timeout), never hanging until the Lambda timeout; when the database is back,
 * the same engine (no restart) serves again, with nothing lost.
 */
class DatabaseDownTest {

    private static OwnPostgres database;

    @BeforeAll
    static void startDatabase() throws Exception {
        Assumptions.assumeTrue(OwnPostgres.available(), "PostgreSQL server binaries (initdb, pg_ctl) are not installed");
        database = OwnPostgres.start(20);
    }

    @AfterAll
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    private static EngineConfig config(String clientName) {
        Map<String, String> env = new HashMap<>(TestServices.get().environment());
        env.put("DATABASE_URL", database.url().toUrl());
        env.put("DB_ACQUIRE_TIMEOUT_MS", "1000");
        env.put("DB_CONNECT_TIMEOUT_MS", "1000");
        env.put("DB_STATEMENT_TIMEOUT_MS", "2000");
        env.put("CLIENT_NAME", clientName);
        return EngineConfig.fromEnvironment(env);
    }

    private static Duration budget(EngineConfig config) {
        return config.database().callBudget();
    }

    /** Runs a call that must fail as unavailable, and returns how long it took to say so. */
    private static long unavailable(String what, Supplier<Object> call, Duration budget) {
        long started = System.nanoTime();
        Throwable error = catchThrowable(call::get);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(error).as(what).isInstanceOf(StoreUnavailableException.class);
        // Generous: the budget plus scheduling noise; the point is "not the Lambda timeout".
        assertThat(millis).as("%s answers within the budget (%d ms), not at the Lambda timeout", what, budget.toMillis())
                .isLessThan(budget.toMillis() + 3_000);
        return millis;
    }

    @Test
    void aStoppedDatabaseIsUnavailableAtOnceAndServiceResumesWhenItIsBackWithoutARestart() throws Exception {
        EngineConfig config = config("down-stopped");
        try (MemoryEngine engine = EngineFixture.engine(config)) {
            String user = newUser();
            FactResult first = EngineFixture.store(engine, user, "Prefers window seats").results().get(0);
            assertThat(engine.search(SearchRequest.of(user, "seats")).block(WAIT).results()).hasSize(1);

            database.stop();
            Duration budget = budget(config);
            long search = unavailable("search", () -> engine.search(SearchRequest.of(user, "which seat " + UUID.randomUUID())).block(WAIT), budget);
            long add = unavailable("add", () -> EngineFixture.store(engine, user, "Is vegetarian"), budget);
            long list = unavailable("list", () -> engine.list(user, 10, null).block(WAIT), budget);
            long update = unavailable("update", () -> engine.update(user, first.id(), new MemoryUpdate("Prefers aisle seats", null, null)).block(WAIT), budget);
            long batch = unavailable("batch search", () -> engine.searchBatch(List.of(SearchRequest.of(user, "diet " + UUID.randomUUID()))).block(WAIT), budget);

            database.start();
            long started = System.nanoTime();
            List<String> found = engine.search(SearchRequest.of(user, "seat preference")).block(WAIT)
                    .results().stream().map(SearchHit::memory).toList();
            long firstAfter = (System.nanoTime() - started) / 1_000_000;
            assertThat(found).as("the first call after the database returned").containsExactly("Prefers window seats");
            EngineFixture.store(engine, user, "Is vegetarian");
            assertThat(engine.list(user, 10, null).block(WAIT).memories()).hasSize(2);
            assertThat(engine.get(user, first.id()).block(WAIT).memory()).as("the failed update wrote nothing")
                    .isEqualTo("Prefers window seats");
            System.out.printf("[database-down] stopped: unavailable after search %d ms, add %d ms, list %d ms, update %d ms, "
                            + "batch %d ms (budget %d ms); first call after restart %d ms, same engine%n",
                    search, add, list, update, batch, budget.toMillis(), firstAfter);
        }
    }

    @Test
    void aHungDatabaseIsUnavailableWithinTheBudgetAndServiceResumesWhenItAnswersAgain() throws Exception {
        EngineConfig config = config("down-frozen");
        try (MemoryEngine engine = EngineFixture.engine(config)) {
            String user = newUser();
            EngineFixture.store(engine, user, "Prefers window seats");
            engine.search(SearchRequest.of(user, "seats")).block(WAIT);

            Duration budget = budget(config);
            long search;
            long add;
            database.freeze();
            try {
                search = unavailable("search", () -> engine.search(SearchRequest.of(user, "which seat " + UUID.randomUUID())).block(WAIT), budget);
                add = unavailable("add", () -> EngineFixture.store(engine, user, "Is vegetarian"), budget);
            } finally {
                database.thaw();
            }
            long started = System.nanoTime();
            List<String> found = engine.search(SearchRequest.of(user, "seat preference " + UUID.randomUUID())).block(WAIT)
                    .results().stream().map(SearchHit::memory).toList();
            long firstAfter = (System.nanoTime() - started) / 1_000_000;
            assertThat(found).contains("Prefers window seats");
            EngineFixture.store(engine, user, "Travels with a dog");
            List<String> all = engine.list(user, 10, null).block(WAIT).memories().stream().map(m -> m.memory()).toList();
            assertThat(all).contains("Prefers window seats", "Travels with a dog")
                    .as("an add reported unavailable wrote nothing, not even after the database woke up")
                    .doesNotContain("Is vegetarian");
            System.out.printf("[database-down] hung (SIGSTOP): unavailable after search %d ms, add %d ms (budget %d ms); "
                    + "first call after thaw %d ms; memories now %s%n", search, add, budget.toMillis(), firstAfter, all.size());
        }
    }
}

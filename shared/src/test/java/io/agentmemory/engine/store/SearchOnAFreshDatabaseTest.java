package io.agentmemory.engine.store;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchMode;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.MixedBatchScenario;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new deployment's table holds a handful of rows, and PostgreSQL plans for that: it would rather read the whole
 * (tiny) {@code memories} table first than start from the searches. A search statement names its users itself,
 * inside the statement, so a read of {@code memories} planned ahead of that saw no users and the batch answered
 * every search with nothing. This test owns a fresh database with two memories that autovacuum has not analysed yet, as a first user's.
 */
class SearchOnAFreshDatabaseTest {

    private static DatabaseUrl fresh;
    private static MemoryEngine engine;

    @BeforeAll
    static void freshDatabaseWithTwoMemories() throws Exception {
        DatabaseUrl shared = TestServices.get().databaseUrl();
        fresh = shared.withDatabase("memory_fresh_" + UUID.randomUUID().toString().substring(0, 8));
        execute(shared, "CREATE DATABASE " + fresh.database());
        SchemaMigrator.migrate(fresh, TestServices.EMBEDDING_DIMENSION);
        Map<String, String> env = new HashMap<>(TestServices.get().environment());
        env.put("DATABASE_URL", fresh.toUrl());
        env.put("CACHE_ENABLED", "false");
        engine = EngineFixture.engine(EngineConfig.fromEnvironment(env));
    }

    @AfterAll
    static void dropIt() {
        if (engine != null) {
            engine.close();
        }
        execute(TestServices.get().databaseUrl(), "DROP DATABASE IF EXISTS " + fresh.database() + " WITH (FORCE)");
    }

    @Test
    void aBatchWithEveryModeAndFilterFindsTheFirstUsersMemories() {
        MixedBatchScenario.runAndCheck(engine);
    }

    @Test
    void theFirstUsersSingleSearchesFindTheirMemories() {
        String user = EngineFixture.newUser();
        engine.add(AddRequest.of(user, List.of(new Message("user", "Likes sushi"), new Message("user", "Likes temples")))
                .withInfer(false)).block(WAIT);
        for (SearchMode mode : SearchMode.values()) {
            SearchRequest request = SearchRequest.of(user, mode == SearchMode.KEYWORD ? "sushi" : "japanese food").withMode(mode);
            assertThat(engine.search(request).block(WAIT).results()).as("%s search", mode)
                    .extracting(SearchHit::memory).contains("Likes sushi");
        }
    }

    private static void execute(DatabaseUrl url, String sql) {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}

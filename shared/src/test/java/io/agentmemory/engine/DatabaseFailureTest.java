package io.agentmemory.engine;

import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.StoreUnavailableException;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import java.util.Map;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseFailureTest {

    @Test
    void killedBackendsAreReplacedWithoutAnErrorReachingTheCaller() throws Exception {
        try (MemoryEngine engine = EngineFixture.engine(TestServices.get().config(Map.of("CACHE_ENABLED", "false")))) {
            String user = newUser();
            EngineFixture.store(engine, user, "Prefers window seats");
            engine.search(SearchRequest.of(user, "seats")).block(WAIT);
            assertThat(terminateEngineBackends()).isGreaterThan(0);
            // The first call after the kill must succeed, on a fresh connection.
            assertThat(engine.search(SearchRequest.of(user, "seats")).block(WAIT).results()).hasSize(1);
            assertThat(terminateEngineBackends()).isGreaterThan(0);
            EngineFixture.store(engine, user, "Is vegetarian");
            assertThat(engine.list(user, 10, null).block(WAIT).memories()).hasSize(2);
        }
    }

    @Test
    void suspendedConnectionsAreClosedAndReopenedOnTheNextCall() throws Exception {
        try (MemoryEngine engine = EngineFixture.engine()) {
            String user = newUser();
            EngineFixture.store(engine, user, "Prefers window seats");
            assertThat(engineBackends()).isPositive();
            engine.suspendConnections();
            assertThat(engineBackends()).isZero();
            assertThat(engine.stats().cacheConnected()).isFalse();
            assertThat(engine.search(SearchRequest.of(user, "seats")).block(WAIT).results()).hasSize(1);
        }
    }

    @Test
    void anUnreachableDatabaseIsReportedAsUnavailableNotAsAHang() {
        EngineConfig config = TestServices.get().config(Map.of("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nowhere"));
        try (MemoryEngine engine = EngineFixture.engine(config)) {
            String user = newUser();
            assertThatThrownBy(() -> engine.search(SearchRequest.of(user, "seats")).block(WAIT))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> EngineFixture.store(engine, user, "Prefers window seats"))
                    .isInstanceOf(StoreUnavailableException.class);
        }
    }

    static int terminateEngineBackends() throws Exception {
        try (Connection c = TestServices.get().jdbc(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     + "WHERE datname = current_database() AND application_name = 'memory-service' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static int engineBackends() throws Exception {
        try (Connection c = TestServices.get().jdbc(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity "
                     + "WHERE datname = current_database() AND application_name = 'memory-service'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

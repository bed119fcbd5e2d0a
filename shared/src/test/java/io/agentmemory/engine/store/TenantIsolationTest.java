package io.agentmemory.engine.store;

import io.agentmemory.engine.testing.OwnPool;
import io.agentmemory.engine.testing.TestServices;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row-level security as the engine uses it, through its own connection path (pool → transaction → SET LOCAL):
 * SQL that forgets its user filter still sees only the users its transaction names, and nothing carries over
 * on a pooled connection.
 */
class TenantIsolationTest {


    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PREFIX = "rls-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private static final String ALICE = PREFIX + "alice";
    private static final String BOB = PREFIX + "bob";

    private static OwnPool own;
    private static ReopenableConnectionPool pool;
    private static Database database;

    @BeforeAll
    static void seed() throws Exception {
        try (var c = TestServices.get().jdbc(); Statement s = c.createStatement()) {
            for (String user : List.of(ALICE, ALICE, ALICE, BOB, BOB)) {
                s.execute("INSERT INTO memories (id, user_id, memory, memory_key, embedding, embedding_model) VALUES ('" + UUID.randomUUID()
                        + "', '" + user + "', 'memory of " + user + "', '" + UUID.randomUUID() + "', array_fill(0.1, ARRAY["
                        + TestServices.EMBEDDING_DIMENSION + "])::vector, 'e5-small-v2-q')");
            }
        }
        // One connection: every request below reuses the same pooled backend.
        own = new OwnPool(PREFIX, Map.of("DB_POOL_MAX_SIZE", "1"), WAIT);
        pool = own.pool();
        database = own.database();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        own.close();
    }

    private static Mono<Long> count(Connection c, String sql) {
        return Flux.from(c.createStatement(sql).execute()).flatMap(r -> r.map((row, m) -> row.get(0, Long.class))).single();
    }

    private static Mono<String> text(Connection c, String sql) {
        return Flux.from(c.createStatement(sql).execute())
                .flatMap(r -> r.map((row, m) -> String.valueOf(row.get(0, String.class)))).single();
    }

    @Test
    void aQueryThatForgetsTheUserFilterStillSeesOnlyThatUsersRows() {
        String bug = "SELECT count(*) FROM memories WHERE user_id LIKE '" + PREFIX + "%'";
        assertThat(database.forUsers(List.of(ALICE), c -> count(c, bug)).block(WAIT)).isEqualTo(3);
        assertThat(database.forUsers(List.of(BOB), c -> count(c, bug)).block(WAIT)).isEqualTo(2);
        assertThat(database.forUsers(List.of(PREFIX + "nobody"), c -> count(c, "SELECT count(*) FROM memories")).block(WAIT)).isZero();
    }

    @Test
    void noUserNamedMeansNoRowsAndWritesForAnotherUserAreRefused() {
        assertThat(database.forUsers(List.of(), c -> count(c, "SELECT count(*) FROM memories")).block(WAIT)).isZero();
        Long moved = database.forUsers(List.of(ALICE), c -> Flux.from(c.createStatement(
                        "UPDATE memories SET memory = 'hijacked' WHERE user_id = '" + BOB + "'").execute())
                .flatMap(r -> Mono.from(r.getRowsUpdated())).single()).block(WAIT);
        assertThat(moved).as("Bob's rows are invisible to Alice's transaction").isZero();
    }

    @Test
    void aPooledConnectionReusedByAnotherUsersRequestSeesOnlyThatUsersRows() {
        String pidA = database.forUsers(List.of(ALICE), c -> text(c, "SELECT pg_backend_pid()::text")).block(WAIT);
        String pidB = database.forUsers(List.of(BOB), c -> text(c, "SELECT pg_backend_pid()::text")).block(WAIT);
        assertThat(pidB).as("the same pooled backend served both").isEqualTo(pidA);
        assertThat(database.forUsers(List.of(BOB), c -> count(c, "SELECT count(*) FROM memories")).block(WAIT)).isEqualTo(2);
        // Outside the engine's transactions the connection carries no user at all: the setting was SET LOCAL.
        Long leftover = Mono.usingWhen(pool.acquire(), c -> count(c, "SELECT count(*) FROM memories"), Connection::close).block(WAIT);
        String setting = Mono.usingWhen(pool.acquire(),
                c -> text(c, "SELECT coalesce(current_setting('memory.user_ids', true), '')"), Connection::close).block(WAIT);
        assertThat(leftover).isZero();
        assertThat(setting).isEmpty();
    }

    @Test
    void theServiceRoleOwnsNoTableAndCannotBypassRowLevelSecurity() throws Exception {
        String role = database.forUsers(List.of(ALICE), c -> text(c, "SELECT current_user::text")).block(WAIT);
        assertThat(role).isEqualTo(SchemaMigrator.DEFAULT_SERVICE_ROLE);
        try (var c = TestServices.get().jdbc();
             PreparedStatement s = c.prepareStatement("SELECT rolsuper, rolbypassrls, "
                     + "(SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = ?) FROM pg_roles WHERE rolname = ?")) {
            s.setString(1, role);
            s.setString(2, role);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).as("superuser").isFalse();
                assertThat(rs.getBoolean(2)).as("bypassrls").isFalse();
                assertThat(rs.getLong(3)).as("tables owned").isZero();
            }
        }
        try (var c = TestServices.get().jdbc(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT relname FROM pg_class WHERE relname IN "
                     + "('memories', 'memory_history', 'idempotency_keys', 'user_revisions') AND NOT relrowsecurity")) {
            assertThat(rs.next()).as("every table with user data has row-level security on").isFalse();
        }
    }

    @Test
    void adminPathsLeaveAnAuditRow() throws Exception {
        long before = auditRows("sweep");
        database.asAdmin("sweep", List.of(), c -> count(c, "SELECT count(*) FROM memories")).block(WAIT);
        assertThat(auditRows("sweep")).isEqualTo(before + 1);
    }

    private static long auditRows(String operation) throws Exception {
        try (var c = TestServices.get().jdbc(); PreparedStatement s = c.prepareStatement("SELECT count(*) FROM admin_audit WHERE operation = ?")) {
            s.setString(1, operation);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

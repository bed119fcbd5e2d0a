package io.agentmemory.engine.reliability;

import io.agentmemory.engine.testing.TestServices;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC against the test database, to check what the engine really wrote (never through the engine). */
public final class Sql {

    /** Every table that holds something of a user (see V1__memories.sql). */
    public static final List<String> USER_TABLES = List.of("memories", "memory_history", "idempotency_keys",
            "user_revisions");

    private Sql() {
    }

    /**
     * Takes (true) or lets go of (false) the user's writer lock on the caller's session, as another environment's
     * add would hold it: the engine takes the same advisory lock per user.
     */
    public static void writerLock(Connection holder, String userId, boolean take) throws SQLException {
        try (PreparedStatement lock = holder.prepareStatement(
                "SELECT pg_advisory_" + (take ? "lock" : "unlock") + "(hashtextextended(?, 7))")) {
            lock.setString(1, userId);
            lock.execute();
        }
    }

    /**
     * Commits a memory of {@code fact} for the user from the caller's session (in autocommit), as another
     * environment's add would have stored it, without going through the engine.
     */
    public static void insertMemory(Connection c, String userId, String fact, float[] vector, String model) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO memories (id, user_id, memory, memory_key, "
                + "embedding, embedding_model) VALUES (?, ?, ?, ?, ?::vector, ?)")) {
            insert.setObject(1, java.util.UUID.randomUUID());
            insert.setString(2, userId);
            insert.setString(3, fact);
            insert.setString(4, io.agentmemory.engine.extraction.TextNormalizer.key(fact));
            insert.setString(5, io.agentmemory.engine.store.Vectors.toText(vector));
            insert.setString(6, model);
            insert.executeUpdate();
        }
    }

    /** Waits until a connection named {@code applicationName} waits for a lock, at most {@code seconds}. */
    public static void awaitLockWait(String applicationName, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
        while (count("SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND wait_event_type = 'Lock'", applicationName) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(applicationName + " did not wait for a lock within " + seconds + " s");
            }
            Thread.sleep(10);
        }
    }

    public static long count(String sql, Object... params) {
        try (Connection c = TestServices.get().jdbc()) {
            return count(c, sql, params);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public static long count(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Rows of the query as column-name maps, in result order. */
    public static List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = TestServices.get().jdbc(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public static void execute(String sql) {
        try (Connection c = TestServices.get().jdbc(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Rows of one user in each table that can hold the user's data. */
    public static Map<String, Long> userRows(String userId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : USER_TABLES) {
            counts.put(table, count("SELECT count(*) FROM " + table + " WHERE user_id = ?", userId));
        }
        return counts;
    }

    /** All rows of each table that can hold user data. */
    public static Map<String, Long> tableRows() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : USER_TABLES) {
            counts.put(table, count("SELECT count(*) FROM " + table));
        }
        return counts;
    }

    /** Ends every backend of this database whose application_name is the given client name; returns how many. */
    public static int terminateBackends(String clientName) {
        return (int) count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND application_name = ? AND pid <> pg_backend_pid()", clientName);
    }

    public static List<Integer> backendPids(String clientName) {
        return rows("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = ? ORDER BY pid",
                clientName).stream().map(r -> (Integer) r.get("pid")).toList();
    }
}

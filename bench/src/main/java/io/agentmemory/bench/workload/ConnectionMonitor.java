package io.agentmemory.bench.workload;

import io.agentmemory.bench.data.BenchDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Polls pg_stat_activity while a system runs and keeps the peak of its connections (by application_name
 * prefix), in total and in any one execution environment, and how many distinct sessions it saw.
 * A poll every few milliseconds can miss a connection that lives shorter than that, so for a system that
 * opens a connection per operation the peak is a lower bound.
 */
public final class ConnectionMonitor implements AutoCloseable {

    private static final long POLL_MILLIS = 10;
    private static final String QUERY = "SELECT application_name, pid, backend_start FROM pg_stat_activity "
            + "WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()";

    private final BenchDatabase database;
    private volatile boolean running;
    private Thread thread;
    private int peakTotal;
    private int peakPerEnvironment;
    private final Set<String> sessions = new HashSet<>();
    private volatile SQLException failure;

    public ConnectionMonitor(BenchDatabase database) {
        this.database = database;
    }

    public synchronized void start(String namePrefix) {
        peakTotal = 0;
        peakPerEnvironment = 0;
        sessions.clear();
        failure = null;
        running = true;
        thread = Thread.ofPlatform().daemon().name("connection-monitor").start(() -> poll(namePrefix));
    }

    public Peak stop() throws InterruptedException {
        running = false;
        thread.join();
        if (failure != null) {
            throw new IllegalStateException("could not read pg_stat_activity: " + failure.getMessage(), failure);
        }
        synchronized (this) {
            return new Peak(peakTotal, peakPerEnvironment, sessions.size());
        }
    }

    private void poll(String namePrefix) {
        try (Connection c = database.connect("bench-monitor"); Statement s = c.createStatement()) {
            while (running) {
                Map<String, Integer> byName = new HashMap<>();
                Set<String> seen = new HashSet<>();
                try (ResultSet rs = s.executeQuery(QUERY)) {
                    while (rs.next()) {
                        String name = rs.getString(1);
                        if (name != null && name.startsWith(namePrefix)) {
                            byName.merge(name, 1, Integer::sum);
                            seen.add(rs.getInt(2) + "@" + rs.getString(3));
                        }
                    }
                }
                int total = byName.values().stream().mapToInt(Integer::intValue).sum();
                int perEnvironment = byName.values().stream().mapToInt(Integer::intValue).max().orElse(0);
                synchronized (this) {
                    peakTotal = Math.max(peakTotal, total);
                    peakPerEnvironment = Math.max(peakPerEnvironment, perEnvironment);
                    sessions.addAll(seen);
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (SQLException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
    }

    /**
     * @param total          most connections the system held at once
     * @param perEnvironment most connections any one execution environment held at once
     * @param sessionsSeen   distinct connections observed during the run
     */
    public record Peak(int total, int perEnvironment, int sessionsSeen) {

        public static final Peak NONE = new Peak(0, 0, 0);

        /** The higher of two windows' figures (pooled systems keep their sessions, so the max is their count). */
        public Peak max(Peak other) {
            return new Peak(Math.max(total, other.total), Math.max(perEnvironment, other.perEnvironment),
                    Math.max(sessionsSeen, other.sessionsSeen));
        }
    }
}

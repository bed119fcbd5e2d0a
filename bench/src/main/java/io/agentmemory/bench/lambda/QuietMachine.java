package io.agentmemory.bench.lambda;

import io.agentmemory.bench.data.BenchDatabase;
import io.agentmemory.bench.report.MachineDescription;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Whether the machine is quiet enough for one-request-at-a-time figures to mean what a Lambda environment sees: the
 * 1-minute load average, and the database sessions running a statement for anyone else (another process's tests, a
 * build's database work) between the phase's blocks. Between two blocks the phase's own environments are idle, since
 * one thread drives every request; so any active session seen then is someone else's.
 */
final class QuietMachine implements AutoCloseable {

    private static final String OTHERS_ACTIVE = "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
            + "AND backend_type = 'client backend' AND pid <> pg_backend_pid()";
    private static final Duration POLL = Duration.ofSeconds(5);

    private final Connection connection;
    private double peakLoad;
    private int peakOthersActive;
    private int samples;
    private int busySamples;

    QuietMachine(BenchDatabase database) throws SQLException {
        this.connection = database.connect("bench-lambda-monitor");
    }

    /** The 1-minute load average. */
    static double oneMinuteLoad() {
        String load = MachineDescription.loadAverage().trim();
        int space = load.indexOf(' ');
        return Double.parseDouble(space < 0 ? load : load.substring(0, space));
    }

    /**
     * Waits up to {@code patience} for the 1-minute load to fall to {@code limit} (the benchmark's own start, loading
     * models and restoring tables, raises it for a while); returns whether it did.
     */
    static boolean awaitLoadAtMost(double limit, Duration patience, Consumer<String> log) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        double load = oneMinuteLoad();
        boolean told = false;
        while (load > limit && System.nanoTime() < deadline) {
            if (!told) {
                log.accept(String.format(Locale.ROOT, "1-minute load average %.2f is above %.1f: waiting up to %d s for it to fall",
                        load, limit, patience.toSeconds()));
                told = true;
            }
            Thread.sleep(POLL.toMillis());
            load = oneMinuteLoad();
        }
        return load <= limit;
    }

    /** One look between blocks: the load and the others' active statements, kept as peaks. */
    void sample(double limit) throws SQLException {
        double load = oneMinuteLoad();
        int others;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(OTHERS_ACTIVE)) {
            rs.next();
            others = rs.getInt(1);
        }
        samples++;
        if (load > limit || others > 0) {
            busySamples++;
        }
        peakLoad = Math.max(peakLoad, load);
        peakOthersActive = Math.max(peakOthersActive, others);
    }

    double peakLoad() {
        return peakLoad;
    }

    int peakOthersActive() {
        return peakOthersActive;
    }

    int samples() {
        return samples;
    }

    /** Samples that saw the load above the limit or another session running a statement. */
    int busySamples() {
        return busySamples;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}

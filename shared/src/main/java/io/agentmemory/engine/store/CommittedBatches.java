package io.agentmemory.engine.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * A job over every user's memories as the tables' owner (re-embedding, reading attributes again): batches on one
 * connection, each committed on its own, so a run that stops loses at most one batch and the next takes up the rest.
 * It runs until a batch finds nothing left, {@code maxBatches} ran, or {@code roomForABatch}, given the longest batch
 * so far (zero before the first), says another would not fit in the time left: it stops between batches, never
 * inside one.
 */
final class CommittedBatches {

    /** One batch: the rows it did, 0 when none was left to do. */
    @FunctionalInterface
    interface Batch {
        int run(Connection c) throws SQLException;
    }

    /** The rows still to do. */
    @FunctionalInterface
    interface Remaining {
        long count(Connection c) throws SQLException;
    }

    record Done(long rows, long remaining) {
    }

    private CommittedBatches() {
    }

    /**
     * @param maxBatches at most this many batches (all when 0 or less)
     * @param job        what the job does, for the error that stops it ("re-embedding")
     * @param progress   told the rows done so far after each batch
     */
    static Done run(DatabaseUrl ownerUrl, int maxBatches, Predicate<Duration> roomForABatch, Batch batch,
                    Remaining remaining, String job, LongConsumer progress) {
        long done = 0;
        Duration longest = Duration.ZERO;
        try (Connection c = DriverManager.getConnection(ownerUrl.jdbcUrl(), ownerUrl.user(), ownerUrl.password())) {
            c.setAutoCommit(false);
            for (int n = 0; (maxBatches <= 0 || n < maxBatches) && roomForABatch.test(longest); n++) {
                long started = System.nanoTime();
                int count = batch.run(c);
                c.commit();
                if (count == 0) {
                    break;
                }
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                longest = took.compareTo(longest) > 0 ? took : longest;
                done += count;
                progress.accept(done);
            }
            return new Done(done, remaining.count(c));
        } catch (SQLException e) {
            throw new IllegalStateException(job + " stopped after " + done + " memories: " + e.getMessage(), e);
        }
    }
}

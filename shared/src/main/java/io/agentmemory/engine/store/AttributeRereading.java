package io.agentmemory.engine.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads again, with the current attribute table, the attribute key of every memory that an older table read or none
 * did ({@code fact_reading} below the table's version, migration V10): after an upgrade from before V10, or after the
 * table's version was raised. Until a memory is read again, an add still finds it by similarity (correct, only
 * slower). A batch of rows at a time, each batch one read and one write in a transaction of its own, the rows locked
 * and those another run holds skipped: a run that stops loses at most one batch, and two runs share the work. The
 * text is not changed, so no search result goes stale. Runs as the tables' owner: it reads every user's rows.
 */
public final class AttributeRereading {

    /** @param reread rows this run read again; @param remaining rows still read by an older table or none */
    public record Progress(long reread, long remaining) {
    }

    public static final int DEFAULT_BATCH = 1_000;

    private AttributeRereading() {
    }

    /**
     * @param reading    the current table's version ({@code FactAttributes.READING})
     * @param keyOf      the current table's key of a memory's text, null when it reads none
     * @param maxBatches at most this many batches (all when 0 or less)
     */
    public static Progress run(DatabaseUrl ownerUrl, short reading, Function<String, String> keyOf, int batchSize,
                               int maxBatches, Consumer<String> log) {
        return run(ownerUrl, reading, keyOf, batchSize, maxBatches, longestBatch -> true, log);
    }

    /**
     * As above, and before each batch asks {@code roomForABatch}, given the longest batch so far (zero before the
     * first), whether another fits in the time left: a run with a deadline (a Lambda invocation) stops between
     * batches, never inside one, and the next run takes up the rest.
     */
    public static Progress run(DatabaseUrl ownerUrl, short reading, Function<String, String> keyOf, int batchSize,
                               int maxBatches, Predicate<Duration> roomForABatch, Consumer<String> log) {
        CommittedBatches.Done done = CommittedBatches.run(ownerUrl, maxBatches, roomForABatch,
                c -> rereadBatch(c, reading, keyOf, batchSize), c -> remaining(c, reading), "reading attributes again",
                rows -> log.accept("read the attributes of " + rows + " memories again"));
        return new Progress(done.rows(), done.remaining());
    }

    private static int rereadBatch(Connection c, short reading, Function<String, String> keyOf, int batchSize) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT id, memory FROM memories WHERE fact_reading < ? "
                + "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            select.setShort(1, reading);
            select.setInt(2, batchSize);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getObject(1, UUID.class));
                    keys.add(keyOf.apply(r.getString(2)));
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE memories m SET fact_attribute = v.attr, fact_reading = ? "
                + "FROM unnest(?::uuid[], ?::text[]) AS v(id, attr) WHERE m.id = v.id")) {
            Array idArray = c.createArrayOf("uuid", ids.toArray());
            Array keyArray = c.createArrayOf("text", keys.toArray());
            update.setShort(1, reading);
            update.setArray(2, idArray);
            update.setArray(3, keyArray);
            update.executeUpdate();
        }
        return ids.size();
    }

    private static long remaining(Connection c, short reading) throws SQLException {
        try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM memories WHERE fact_reading < ?")) {
            count.setShort(1, reading);
            try (ResultSet r = count.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}

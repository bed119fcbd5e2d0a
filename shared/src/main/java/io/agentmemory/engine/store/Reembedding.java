package io.agentmemory.engine.store;

import io.agentmemory.engine.embedding.EmbeddingModel;

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
import java.util.function.Predicate;

/**
 * Re-embeds the memories whose vectors another model made, after {@code EMBEDDING_MODEL} changed: a batch of rows at
 * a time, each batch one read and one write in a transaction of its own, so a run that stops (a timeout, a deploy)
 * loses at most one batch's work and the next run takes up the rows still to do, found by their
 * {@code embedding_model}. Until a memory is re-embedded, semantic ranking leaves it out (it never compares two
 * models' vectors) and keyword ranking still finds it. Runs as the tables' owner, like the migrations: it reads every
 * user's rows. Search results cached before a memory was re-embedded expire with the cache's TTL.
 */
public final class Reembedding {

    /** @param reembedded rows this run re-embedded; @param remaining rows still made by another model */
    public record Progress(long reembedded, long remaining) {
    }

    public static final int DEFAULT_BATCH = 256;
    private static final int MODEL_BATCH = 16;

    private Reembedding() {
    }

    /**
     * Re-embeds up to {@code maxBatches} batches (all when 0 or less) of rows not made by {@code model}.
     * Concurrent runs share the work: each locks the rows it takes and skips those another holds.
     */
    public static Progress run(DatabaseUrl ownerUrl, EmbeddingModel model, int batchSize, int maxBatches,
                               Consumer<String> log) {
        return run(ownerUrl, model, batchSize, maxBatches, longestBatch -> true, log);
    }

    /**
     * As above, and before each batch asks {@code roomForABatch}, given the longest batch so far (zero before the
     * first), whether another fits in the time left: a run with a deadline (a Lambda invocation) stops between
     * batches, never inside one, and the next run takes up the rest.
     */
    public static Progress run(DatabaseUrl ownerUrl, EmbeddingModel model, int batchSize, int maxBatches,
                               Predicate<Duration> roomForABatch, Consumer<String> log) {
        CommittedBatches.Done done = CommittedBatches.run(ownerUrl, maxBatches, roomForABatch,
                c -> reembedBatch(c, model, batchSize), c -> remaining(c, model), "re-embedding",
                rows -> log.accept("re-embedded " + rows + " memories with " + model.name()));
        return new Progress(done.rows(), done.remaining());
    }

    private static int reembedBatch(Connection c, EmbeddingModel model, int batchSize) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT id, memory FROM memories WHERE embedding_model <> ? "
                + "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            select.setString(1, model.name());
            select.setInt(2, batchSize);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getObject(1, UUID.class));
                    texts.add(r.getString(2));
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        // A padded batch costs its longest text for every row: embed in small groups, as adds do.
        for (int from = 0; from < texts.size(); from += MODEL_BATCH) {
            vectors.addAll(model.embedAll(texts.subList(from, Math.min(texts.size(), from + MODEL_BATCH))));
        }
        String[] vectorTexts = vectors.stream().map(Vectors::toText).toArray(String[]::new);
        try (PreparedStatement update = c.prepareStatement("UPDATE memories m SET embedding = v.e::vector, embedding_model = ? "
                + "FROM unnest(?::uuid[], ?::text[]) AS v(id, e) WHERE m.id = v.id")) {
            Array idArray = c.createArrayOf("uuid", ids.toArray());
            Array vectorArray = c.createArrayOf("text", vectorTexts);
            update.setString(1, model.name());
            update.setArray(2, idArray);
            update.setArray(3, vectorArray);
            update.executeUpdate();
        }
        return ids.size();
    }

    private static long remaining(Connection c, EmbeddingModel model) throws SQLException {
        try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM memories WHERE embedding_model <> ?")) {
            count.setString(1, model.name());
            try (ResultSet r = count.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}

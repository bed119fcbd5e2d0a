package io.agentmemory.engine.testing;

import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.store.Vectors;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Writes memories straight into the table (real model vectors, no ADD/UPDATE decisions), for tests and
 * benchmarks that need many similar memories side by side, which the engine would rightly merge.
 */
public final class DirectSeeder {

    private DirectSeeder() {
    }

    public static List<float[]> seed(EmbeddingModel model, String userId, List<String> facts) {
        List<float[]> vectors = model.embedAll(facts);
        try (Connection c = TestServices.get().jdbc()) {
            insert(c, userId, facts, vectors, model.name());
        } catch (Exception e) {
            throw new IllegalStateException("seeding failed", e);
        }
        return vectors;
    }

    /**
     * Inserts the facts with their vectors (made by the model named {@code model}) on the caller's connection (in its
     * transaction, if it has one).
     */
    public static void insert(Connection c, String userId, List<String> facts, List<float[]> vectors, String model) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO memories (id, user_id, memory, memory_key, embedding, "
                + "embedding_model) VALUES (?, ?, ?, ?, ?::vector, ?)")) {
            for (int i = 0; i < facts.size(); i++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, userId);
                insert.setString(3, facts.get(i));
                insert.setString(4, UUID.randomUUID().toString());
                insert.setString(5, Vectors.toText(vectors.get(i)));
                insert.setString(6, model);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The dot product: the cosine similarity of the model's unit-length vectors, for exact rankings to compare with. */
    /** Vacuums and analyses the table after a bulk insert, as autovacuum would, so index-only scans can happen. */
    public static void vacuum() throws SQLException {
        try (Connection c = TestServices.get().jdbc(); java.sql.Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE memories");
        }
    }

    public static void removeUser(String userId) throws SQLException {
        try (Connection c = TestServices.get().jdbc(); PreparedStatement s = c.prepareStatement("DELETE FROM memories WHERE user_id = ?")) {
            s.setString(1, userId);
            s.executeUpdate();
        }
    }

    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

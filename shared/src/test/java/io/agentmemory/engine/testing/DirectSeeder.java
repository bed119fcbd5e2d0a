package io.agentmemory.engine.testing;

import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.store.Vectors;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
        try (Connection c = TestServices.get().jdbc();
             PreparedStatement insert = c.prepareStatement("INSERT INTO memories (id, user_id, memory, memory_key, embedding) "
                     + "VALUES (?, ?, ?, ?, ?::vector)")) {
            for (int i = 0; i < facts.size(); i++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, userId);
                insert.setString(3, facts.get(i));
                insert.setString(4, UUID.randomUUID().toString());
                insert.setString(5, Vectors.toText(vectors.get(i)));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (Exception e) {
            throw new IllegalStateException("seeding failed", e);
        }
        return vectors;
    }
}

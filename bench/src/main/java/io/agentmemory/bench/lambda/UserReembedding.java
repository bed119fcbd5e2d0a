package io.agentmemory.bench.lambda;

import io.agentmemory.bench.data.BenchDatabase;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.store.Vectors;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Gives one seeded user of the service's table vectors of another model, so a handler configured with that model
 * searches a user of the same size as the default model's (the engine never ranks one model's query against another's
 * vectors). The rows are marked changed, so the next restore of the seeded data puts the default model's vectors back.
 */
final class UserReembedding {

    private static final int MODEL_BATCH = 16;

    private UserReembedding() {
    }

    /** Returns how many memories were re-embedded. */
    static int reembed(BenchDatabase database, String userId, EmbeddingModel model) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        try (Connection c = database.connect("bench-lambda-reembed")) {
            try (PreparedStatement select = c.prepareStatement("SELECT id, memory FROM memories WHERE user_id = ? ORDER BY id")) {
                select.setString(1, userId);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                        texts.add(rs.getString(2));
                    }
                }
            }
            List<String> vectors = new ArrayList<>(texts.size());
            for (int from = 0; from < texts.size(); from += MODEL_BATCH) {
                model.embedAll(texts.subList(from, Math.min(texts.size(), from + MODEL_BATCH))).forEach(v -> vectors.add(Vectors.toText(v)));
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE memories m SET embedding = v.e::vector, embedding_model = ?, "
                    + "updated_at = clock_timestamp() FROM unnest(?::uuid[], ?::text[]) AS v(id, e) WHERE m.id = v.id")) {
                Array idArray = c.createArrayOf("uuid", ids.toArray());
                Array vectorArray = c.createArrayOf("text", vectors.toArray());
                update.setString(1, model.name());
                update.setArray(2, idArray);
                update.setArray(3, vectorArray);
                update.executeUpdate();
            }
            try (var s = c.createStatement()) {
                s.execute("VACUUM (ANALYZE) memories");
            }
        }
        return ids.size();
    }
}

package io.agentmemory.bench.data;

import io.agentmemory.engine.store.Vectors;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The true top k of a user's rows for a query vector: every row of the table is read and ranked by cosine
 * distance, with index scans disabled so no index (approximate or not) shapes the answer. The yardstick for
 * recall@10.
 *
 * @param table         the table a system searches
 * @param idColumn      its row id
 * @param userCondition selects one user's rows, with one parameter: the user id
 */
public record ExactRanking(BenchDatabase database, String table, String idColumn, String userCondition) {

    public static ExactRanking ofServiceTable(BenchDatabase database) {
        return new ExactRanking(database, SeedDataSet.SERVICE_TABLE, "id", "user_id = ? AND (expires_at IS NULL OR expires_at > now())");
    }

    public static ExactRanking ofOriginalTable(BenchDatabase database) {
        return new ExactRanking(database, SeedDataSet.ORIGINAL_TABLE, "id", "user_id = ?");
    }

    public static ExactRanking ofLangChain4jTable(BenchDatabase database) {
        return new ExactRanking(database, SeedDataSet.LANGCHAIN4J_TABLE, "embedding_id", "user_id = ?");
    }

    public static ExactRanking ofSpringAiTable(BenchDatabase database) {
        return new ExactRanking(database, SeedDataSet.SPRING_AI_TABLE, "id", "metadata ->> 'userId' = ?");
    }

    public List<String> topK(String userId, float[] query, int k) throws SQLException {
        try (Connection c = database.connect("bench-exact")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL enable_indexscan = off");
                s.execute("SET LOCAL enable_bitmapscan = off");
                s.execute("SET LOCAL enable_indexonlyscan = off");
            }
            List<String> ids = new ArrayList<>(k);
            try (PreparedStatement ranked = c.prepareStatement("SELECT " + idColumn + " FROM " + table
                    + " WHERE " + userCondition + " ORDER BY embedding <=> ?::vector LIMIT ?")) {
                ranked.setString(1, userId);
                ranked.setString(2, Vectors.toText(query));
                ranked.setInt(3, k);
                try (ResultSet rs = ranked.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            c.commit();
            return ids;
        }
    }
}

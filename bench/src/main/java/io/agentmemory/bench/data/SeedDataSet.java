package io.agentmemory.bench.data;

import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.extraction.TextNormalizer;
import io.agentmemory.engine.facts.FactAttributes;
import io.agentmemory.engine.facts.FactReadings;
import io.agentmemory.engine.store.Vectors;
import io.agentmemory.engine.testing.TravelCorpus;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The pre-seeded memories every system starts from: generated from the seed, embedded with the real model and
 * kept in {@code bench_seed}. Embedding 100,000 texts takes minutes, so a run whose seed, sizes and model match
 * the stored set reuses it; every system's table is then restored from it before that system runs, so each one
 * meets exactly the same data. Each system has a table of its own, so systems can take turns without seeing
 * each other's writes.
 */
public final class SeedDataSet {

    /** The engine's table, which the service's functions use. */
    public static final String SERVICE_TABLE = "memories";
    /** The other systems' tables; dropped with a regenerated data set so they are rebuilt from the new one. */
    public static final String ORIGINAL_TABLE = "original_memories";
    public static final String LANGCHAIN4J_TABLE = "langchain4j_memories";
    public static final String SPRING_AI_TABLE = "springai_memories";

    /** Seed rows carry a fixed timestamp, so a row a system changed is recognisable by updated_at alone. */
    private static final String SEEDED_AT = "2025-01-01 00:00:00+00";
    private static final int EMBED_BATCH = 256;

    private final BenchDatabase database;
    private final List<String> users;
    private final int memories;
    private final long seed;
    private final EmbeddingModel model;
    private final Consumer<String> progress;

    public SeedDataSet(BenchDatabase database, List<String> users, int memories, long seed, EmbeddingModel model,
                       Consumer<String> progress) {
        this.database = database;
        this.users = users;
        this.memories = memories;
        this.seed = seed;
        this.model = model;
        this.progress = progress;
    }

    /** The memories each user starts with (the first users hold one more when they do not divide evenly). */
    public int memoriesPerUser() {
        return memories / users.size();
    }

    /** Makes {@code bench_seed} hold this data set; returns true when it had to be generated. */
    public boolean ensure() throws SQLException {
        // v2: each seeded memory carries the attribute key the table of reading READING finds in it.
        String fingerprint = "v2|seed=" + seed + "|users=" + users.size() + "|memories=" + memories + "|model=" + model.name()
                + "|reading=" + FactAttributes.READING;
        try (Connection c = database.connect("bench-seeder")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS bench_seed (id uuid PRIMARY KEY, user_id text NOT NULL, "
                        + "memory text NOT NULL, memory_key text NOT NULL, embedding vector(" + model.dimension() + ") NOT NULL)");
                s.execute("ALTER TABLE bench_seed ADD COLUMN IF NOT EXISTS fact_attribute text");
                s.execute("CREATE TABLE IF NOT EXISTS bench_seed_info (fingerprint text NOT NULL)");
            }
            if (fingerprint.equals(storedFingerprint(c))) {
                return false;
            }
            generate(c, fingerprint);
            return true;
        }
    }

    /** Puts the service's table (and the engine's side tables) back to exactly the seeded state. */
    public void restoreServiceTable() throws SQLException {
        restoreMemoriesTable(SERVICE_TABLE);
        try (Connection c = database.connect("bench-seeder"); Statement s = c.createStatement()) {
            s.execute("TRUNCATE memory_history, idempotency_keys, user_revisions");
        }
    }

    /**
     * Puts the original design's table back to the seeded state. It is a copy of the service's table (same
     * columns and indexes), so the two can run side by side without seeing each other's writes.
     */
    public void restoreOriginalTable() throws SQLException {
        try (Connection c = database.connect("bench-seeder"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + ORIGINAL_TABLE + " (LIKE " + SERVICE_TABLE + " INCLUDING ALL)");
            // The old design stores no model name with its vectors.
            s.execute("ALTER TABLE " + ORIGINAL_TABLE + " ADD COLUMN IF NOT EXISTS embedding_model text");
            s.execute("ALTER TABLE " + ORIGINAL_TABLE + " ALTER COLUMN embedding_model DROP NOT NULL");
        }
        restoreMemoriesTable(ORIGINAL_TABLE);
    }

    private void restoreMemoriesTable(String table) throws SQLException {
        try (Connection c = database.connect("bench-seeder"); Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + table + " m WHERE NOT EXISTS (SELECT 1 FROM bench_seed b WHERE b.id = m.id)");
            // The service's table names the model of each vector; the old design's does not need it.
            boolean named = table.equals(SERVICE_TABLE);
            // The service's memories carry the attribute the table read in them, as its own writes would
            // (migration V10): the seed stands for memories the service wrote.
            String modelSet = named ? "embedding_model = '" + model.name() + "', fact_attribute = b.fact_attribute, "
                    + "fact_reading = -" + FactAttributes.READING + ", " : "";
            s.execute("UPDATE " + table + " m SET user_id = b.user_id, memory = b.memory, memory_key = b.memory_key, "
                    + "embedding = b.embedding, " + modelSet + "metadata = '{}', categories = '{}', session_id = NULL, expires_at = NULL, "
                    + "created_at = '" + SEEDED_AT + "', updated_at = '" + SEEDED_AT + "' "
                    + "FROM bench_seed b WHERE b.id = m.id AND (m.updated_at <> '" + SEEDED_AT + "' OR m.memory <> b.memory)");
            s.execute("INSERT INTO " + table + " (id, user_id, memory, memory_key, embedding, created_at, updated_at"
                    + (named ? ", embedding_model, fact_attribute, fact_reading" : "") + ") "
                    + "SELECT b.id, b.user_id, b.memory, b.memory_key, b.embedding, '" + SEEDED_AT + "', '" + SEEDED_AT + "'"
                    + (named ? ", '" + model.name() + "', b.fact_attribute, " + FactAttributes.READING : "") + " "
                    + "FROM bench_seed b WHERE NOT EXISTS (SELECT 1 FROM " + table + " m WHERE m.id = b.id)");
            vacuumAndAnalyze(s, table);
        }
    }

    /**
     * Every table starts its run without the previous runs' dead rows: autovacuum may be off or late on the
     * server, and a search that visits dead index entries of its user's earlier rows reads pages for nothing.
     */
    private static void vacuumAndAnalyze(Statement s, String table) throws SQLException {
        s.execute("VACUUM (ANALYZE) " + table);
    }

    /** Puts a LangChain4j store table (embedding_id, embedding, text, user_id) back to the seeded state. */
    public void restoreLangChain4jTable(String table) throws SQLException {
        try (Connection c = database.connect("bench-seeder"); Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + table + " t WHERE NOT EXISTS (SELECT 1 FROM bench_seed b WHERE b.id = t.embedding_id)");
            s.execute("INSERT INTO " + table + " (embedding_id, embedding, text, user_id) "
                    + "SELECT b.id, b.embedding, b.memory, b.user_id FROM bench_seed b "
                    + "WHERE NOT EXISTS (SELECT 1 FROM " + table + " t WHERE t.embedding_id = b.id)");
            vacuumAndAnalyze(s, table);
        }
    }

    /**
     * Puts a Spring AI store table (id, content, metadata json, embedding) back to the seeded state. Its HNSW index
     * is dropped and rebuilt around a bulk load: inserting 100,000 rows one by one into the graph takes far longer.
     */
    public void restoreSpringAiTable(String table) throws SQLException {
        try (Connection c = database.connect("bench-seeder"); Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + table + " t WHERE NOT EXISTS (SELECT 1 FROM bench_seed b WHERE b.id = t.id)");
            long missing;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM bench_seed b WHERE NOT EXISTS "
                    + "(SELECT 1 FROM " + table + " t WHERE t.id = b.id)")) {
                rs.next();
                missing = rs.getLong(1);
            }
            List<String> vectorIndexes = new ArrayList<>();
            if (missing > memories / 10) {
                try (PreparedStatement indexes = c.prepareStatement("SELECT indexname, indexdef FROM pg_indexes "
                        + "WHERE tablename = ? AND indexdef ILIKE '%USING hnsw%'")) {
                    indexes.setString(1, table);
                    try (ResultSet rs = indexes.executeQuery()) {
                        while (rs.next()) {
                            s.execute("DROP INDEX " + rs.getString(1));
                            vectorIndexes.add(rs.getString(2));
                        }
                    }
                }
            }
            s.execute("INSERT INTO " + table + " (id, content, metadata, embedding) "
                    + "SELECT b.id, b.memory, json_build_object('userId', b.user_id), b.embedding FROM bench_seed b "
                    + "WHERE NOT EXISTS (SELECT 1 FROM " + table + " t WHERE t.id = b.id)");
            if (!vectorIndexes.isEmpty()) {
                progress.accept("building the Spring AI table's HNSW index over " + memories + " rows");
                s.execute("SET maintenance_work_mem = '512MB'");
                for (String definition : vectorIndexes) {
                    s.execute(definition);
                }
            }
            vacuumAndAnalyze(s, table);
        }
    }

    private void generate(Connection c, String fingerprint) throws SQLException {
        long started = System.nanoTime();
        List<SeedRow> rows = rows();
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(rows.stream().map(SeedRow::memory).toList()));
        Map<String, float[]> vectors = new HashMap<>(distinct.size() * 2);
        for (int from = 0; from < distinct.size(); from += EMBED_BATCH) {
            List<String> batch = distinct.subList(from, Math.min(distinct.size(), from + EMBED_BATCH));
            List<float[]> embedded = model.embedAll(batch);
            for (int i = 0; i < batch.size(); i++) {
                vectors.put(batch.get(i), embedded.get(i));
            }
            if ((from / EMBED_BATCH) % 40 == 39) {
                progress.accept(String.format("embedded %,d of %,d seed memories", from + batch.size(), distinct.size()));
            }
        }
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("TRUNCATE bench_seed, bench_seed_info");
            // A different data set: the old rows would only be deleted one by one by the restore.
            s.execute("TRUNCATE memories, memory_history, idempotency_keys, user_revisions");
            s.execute("DROP TABLE IF EXISTS " + ORIGINAL_TABLE);
            s.execute("DROP TABLE IF EXISTS " + LANGCHAIN4J_TABLE);
            s.execute("DROP TABLE IF EXISTS " + SPRING_AI_TABLE);
        }
        copy(c, rows, vectors);
        try (PreparedStatement info = c.prepareStatement("INSERT INTO bench_seed_info (fingerprint) VALUES (?)")) {
            info.setString(1, fingerprint);
            info.executeUpdate();
        }
        c.commit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE bench_seed");
        }
        progress.accept(String.format("seeded %,d memories for %d users in %.1f s", rows.size(), users.size(),
                (System.nanoTime() - started) / 1e9));
    }

    /** Memories spread evenly over the users; each user's facts are distinct, drawn from the user's own stream. */
    private List<SeedRow> rows() {
        List<SeedRow> rows = new ArrayList<>(memories);
        int perUser = memories / users.size();
        int remainder = memories % users.size();
        for (int u = 0; u < users.size(); u++) {
            Random random = new Random(seed * 1_000_003L + u);
            int count = perUser + (u < remainder ? 1 : 0);
            List<String> facts = TravelCorpus.facts(random, count);
            for (int i = 0; i < facts.size(); i++) {
                UUID id = UUID.nameUUIDFromBytes(("bench-seed|" + seed + "|" + u + "|" + i).getBytes(StandardCharsets.UTF_8));
                rows.add(new SeedRow(id, users.get(u), facts.get(i)));
            }
        }
        return rows;
    }

    private static void copy(Connection c, List<SeedRow> rows, Map<String, float[]> vectors) throws SQLException {
        StringBuilder data = new StringBuilder(rows.size() * 4_800);
        for (SeedRow row : rows) {
            data.append(row.id()).append('\t')
                    .append(copyText(row.userId())).append('\t')
                    .append(copyText(row.memory())).append('\t')
                    .append(copyText(TextNormalizer.key(row.memory()))).append('\t')
                    .append(Vectors.toText(vectors.get(row.memory()))).append('\t')
                    .append(copyNullable(FactReadings.storedKeyOf(row.memory()))).append('\n');
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY bench_seed (id, user_id, memory, memory_key, embedding, fact_attribute) FROM STDIN",
                    new StringReader(data.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into bench_seed failed", e);
        }
    }

    /** COPY's text format for a value that may be missing: \\N stands for null. */
    private static String copyNullable(String value) {
        return value == null ? "\\N" : copyText(value);
    }

    /** COPY's text format: backslash, tab and newlines must be escaped. */
    private static String copyText(String value) {
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String storedFingerprint(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT fingerprint FROM bench_seed_info")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private record SeedRow(UUID id, String userId, String memory) {
    }
}

package io.agentmemory.engine.store;

import io.agentmemory.engine.embedding.CosineScale;
import io.agentmemory.engine.config.ModelSettings;

import io.agentmemory.engine.Deadlines;
import io.agentmemory.engine.api.SearchFilters;
import io.agentmemory.engine.api.SearchMode;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-user lookups use the per-user indexes, never a scan of every user's memories: the plans of the engine's
 * own statements, taken as the service role on 50,000 memories of 500 users.
 */
class PerUserIndexPlanTest {

    private static final Deadlines DEADLINES = new Deadlines();

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PREFIX = "plan-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private static final String USER = PREFIX + "42";
    /** Every index that leads with the user id: any of them reads only that user's entries. */
    private static final String[] PER_USER_INDEXES = {"memories_user_created", "memories_user_key", "memories_user_codes",
            "memories_user_observed"};

    private static ReopenableConnectionPool pool;
    private static Database database;

    @BeforeAll
    static void seedFiftyThousandMemoriesOfFiveHundredUsers() throws Exception {
        try (var c = TestServices.get().jdbc(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO memories (id, user_id, memory, memory_key, embedding, categories, embedding_model)
                SELECT gen_random_uuid(), ? || (i %% 500), 'memory number ' || i || ' about travel', md5(i::text),
                       array_fill((i %% 97) / 100.0, ARRAY[%d])::vector, ARRAY['travel'], ?
                FROM generate_series(1, 50000) AS i""".formatted(TestServices.EMBEDDING_DIMENSION))) {
            s.setString(1, PREFIX);
            s.setString(2, ModelSettings.DEFAULT_EMBEDDING_MODEL);
            s.executeUpdate();
        }
        try (var c = TestServices.get().jdbc(); Statement s = c.createStatement()) {
            s.execute("ANALYZE memories");
        }
        pool = new ReopenableConnectionPool(TestServices.get().config(), DEADLINES);
        database = new Database(pool, WAIT, DEADLINES);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        pool.close();
        DEADLINES.suspend();
        try (var c = TestServices.get().jdbc(); PreparedStatement s = c.prepareStatement("DELETE FROM memories WHERE user_id LIKE ?")) {
            s.setString(1, PREFIX + "%");
            s.executeUpdate();
        }
    }

    private static Mono<String> plan(io.r2dbc.spi.Statement explain) {
        return Flux.from(explain.execute()).flatMap(r -> r.map((row, m) -> row.get(0, String.class)))
                .collect(Collectors.joining("\n"));
    }

    /** The plan of one search of the user, as the engine writes and binds it. */
    private static String searchPlan(SearchMode mode, SearchFilters filters, SearchRanking ranking) {
        float[] vector = new float[TestServices.EMBEDDING_DIMENSION];
        java.util.Arrays.fill(vector, 0.3f);
        SearchStatement search = SearchStatement.of(List.of(new StoredSearch(USER, "travel memory", vector, 10, 0.0,
                filters, mode)), ranking, List.of(USER));
        String plan = database.forUsers(List.of(USER), c -> plan(search.bindTo(c.createStatement("EXPLAIN " + search.sql())))).block(WAIT);
        System.out.println(mode + " search plan (" + filters + ", codes " + ranking.codes() + "):\n" + plan);
        return plan;
    }

    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void searchReadsOnlyTheUsersRowsThroughTheIndex(SearchMode mode) {
        String plan = searchPlan(mode, new SearchFilters(List.of("travel"), null, null), SearchRanking.exact(ModelSettings.DEFAULT_EMBEDDING_MODEL, CosineScale.RAW));
        assertThat(plan).doesNotContain("Seq Scan on memories");
        assertThat(plan).containsAnyOf(PER_USER_INDEXES);
    }

    /** With SEARCH_RANKING=codes and no filters, semantic candidates come from the code index alone (index-only). */
    @ParameterizedTest
    @EnumSource(value = SearchMode.class, names = {"SEMANTIC", "HYBRID"})
    void unfilteredCandidatesComeFromTheCodeIndexAlone(SearchMode mode) throws Exception {
        try (var c = TestServices.get().jdbc(); Statement s = c.createStatement()) {
            // Index-only scans need the visibility map that autovacuum keeps in a deployment.
            s.execute("VACUUM memories");
        }
        String plan = searchPlan(mode, SearchFilters.NONE, SearchRanking.throughCodes(ModelSettings.DEFAULT_EMBEDDING_MODEL, CosineScale.RAW, 100, 0.02));
        assertThat(plan).doesNotContain("Seq Scan on memories").contains("Index Only Scan using memories_user_codes");
    }

    @Test
    void listingAndTheContextReadOnlyTheUsersRowsThroughTheIndex() {
        for (String sql : List.of(
                "EXPLAIN SELECT * FROM memories m WHERE m.user_id = $1 ORDER BY m.created_at DESC, m.id DESC LIMIT 20",
                "EXPLAIN SELECT * FROM memories m WHERE m.user_id = $1 ORDER BY m.created_at, m.id LIMIT 1000")) {
            String plan = database.forUsers(List.of(USER), c -> plan(c.createStatement(sql).bind(0, USER)))
                    .block(WAIT);
            System.out.println(plan);
            assertThat(plan).doesNotContain("Seq Scan on memories").containsAnyOf(PER_USER_INDEXES);
        }
    }

    @Test
    void theSeededSetReallyHasFiftyThousandRowsOverFiveHundredUsers() throws Exception {
        try (var c = TestServices.get().jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*), count(DISTINCT user_id) FROM memories WHERE user_id LIKE ?")) {
            s.setString(1, PREFIX + "%");
            try (var rs = s.executeQuery()) {
                rs.next();
                assertThat(Arrays.asList(rs.getLong(1), rs.getLong(2))).containsExactly(50_000L, 500L);
            }
        }
    }
}

package io.agentmemory.engine.store;

import io.agentmemory.engine.embedding.CosineScale;
import io.agentmemory.engine.config.ModelSettings;

import io.agentmemory.engine.api.SearchFilters;
import io.agentmemory.engine.api.SearchMode;
import io.agentmemory.engine.testing.OwnPool;
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
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-user lookups use the per-user indexes, never a scan of every user's memories: the plans of the engine's
 * own statements, taken as the service role on 50,000 memories of 500 users, on the engine's connections (so the
 * generic plans it keeps, see the last test).
 */
class PerUserIndexPlanTest {


    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PREFIX = "plan-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private static final String USER = PREFIX + "42";
    /** Every index that leads with the user id: any of them reads only that user's entries. */
    private static final String[] PER_USER_INDEXES = {"memories_user_created", "memories_user_key", "memories_user_codes",
            "memories_user_fact_reading",
            "memories_user_observed"};

    private static OwnPool own;
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
        own = new OwnPool(PREFIX, Map.of(), WAIT);
        pool = own.pool();
        database = own.database();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        own.close();
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

    /**
     * The generic plan the engine keeps for the search statement (planned without values, see the last test): the
     * statement prepared by name as the service role, then explained with any values, which a generic plan does not
     * look at. Through JDBC, which leaves the statement's {@code $n} to the server.
     */
    private static String genericSearchPlan(SearchMode mode, SearchFilters filters, SearchRanking ranking) throws Exception {
        float[] vector = new float[TestServices.EMBEDDING_DIMENSION];
        java.util.Arrays.fill(vector, 0.3f);
        SearchStatement search = SearchStatement.of(List.of(new StoredSearch(USER, "travel memory", vector, 10, 0.0,
                filters, mode)), ranking, List.of(USER));
        int parameters = (int) java.util.regex.Pattern.compile("\\$(\\d+)").matcher(search.sql()).results()
                .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0);
        StringBuilder plan = new StringBuilder();
        try (var c = TestServices.get().jdbc(); Statement s = c.createStatement()) {
            s.execute("SET ROLE " + SchemaMigrator.DEFAULT_SERVICE_ROLE);
            s.execute("SELECT set_config('memory.user_ids', " + SqlLiterals.text(TenantUsers.setting(List.of(USER))) + ", false)");
            s.execute("SET plan_cache_mode = force_generic_plan");
            s.execute("PREPARE generic_search AS " + search.sql());
            try (var rs = s.executeQuery("EXPLAIN EXECUTE generic_search(" + String.join(", ", java.util.Collections.nCopies(parameters, "NULL")) + ")")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        System.out.println(mode + " generic search plan (" + filters + "):\n" + plan);
        return plan.toString();
    }

    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void theGenericSearchPlanReadsOnlyTheUsersRowsThroughTheIndex(SearchMode mode) throws Exception {
        String plan = genericSearchPlan(mode, new SearchFilters(List.of("travel"), null, null), SearchRanking.exact(ModelSettings.DEFAULT_EMBEDDING_MODEL, CosineScale.RAW));
        assertThat(plan).doesNotContain("Seq Scan on memories");
        assertThat(plan).containsAnyOf(PER_USER_INDEXES);
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

    /**
     * The plans above are the ones the engine runs: with named statements its connections keep one generic plan per
     * statement (planned once, whatever the user or values); behind a proxy, with unnamed statements, each execution
     * is planned for its values, as PostgreSQL does by default.
     */
    @Test
    void namedStatementsKeepOneGenericPlanAndUnnamedOnesArePlannedPerExecution() throws Exception {
        assertThat(planCacheMode(database)).isEqualTo("force_generic_plan");
        try (OwnPool unnamed = new OwnPool(PREFIX, Map.of("DB_PREPARED_STATEMENT_CACHE", "0"), WAIT)) {
            assertThat(planCacheMode(unnamed.database())).isEqualTo("auto");
        }
    }

    private static String planCacheMode(Database on) {
        return on.forUsers(List.of(USER), c -> Flux.from(c.createStatement("SHOW plan_cache_mode").execute())
                .flatMap(r -> r.map((row, m) -> row.get(0, String.class))).single()).block(WAIT);
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

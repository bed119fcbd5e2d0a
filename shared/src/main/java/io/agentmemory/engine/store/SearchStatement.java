package io.agentmemory.engine.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.engine.api.SearchMode;
import io.r2dbc.postgresql.codec.Vector;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The one SQL statement that answers any number of searches, written for the searches at hand: it holds the
 * ranking of each mode that one of them asks for and the filter conditions that one of them sets, nothing else.
 * A statement holding every mode and every filter for every call took 5.2 ms where the semantic ranking alone
 * takes 1.3 ms: PostgreSQL skipped the other rankings' scans, but parsed, rewrote (row-level security on each of
 * five reads of {@code memories}) and planned them all on every call.
 *
 * <p>Each search ranks its user's live memories. Keyword ranking matches memories holding every word of the
 * query (web search syntax: "quoted phrases", {@code or}, {@code -excluded}), ranked by {@code ts_rank_cd}; a long
 * natural-language question rarely matches as a whole, so hybrid then ranks as semantic does instead of being
 * diluted by common words. Hybrid fuses the top {@code depth} of both rankings with reciprocal rank fusion.
 * Semantic ranking reads the user's vectors exactly, or, with {@link SearchRanking#codes()} and no filter, takes
 * candidates by Hamming distance from the code index and ranks only those by their vectors.
 *
 * <p>The statement names its users itself ({@code set_config(..., true)} in the {@code tenant} CTE, which the
 * searches depend on): a single statement is its own transaction, so row-level security holds without the
 * three extra round trips of BEGIN, SET LOCAL and COMMIT. Every read of {@code memories} sits inside the lateral
 * subquery, which runs only for a row of {@code q}, so after the setting: the policy's check of the setting is
 * evaluated once, at the first read, and a read outside (say the memories hashed for a join before the first
 * search is known, as PostgreSQL plans it for small tables) would find no users and answer nothing.
 * {@code OFFSET 0} keeps PostgreSQL from flattening the subquery into the outer join, where it could read
 * {@code memories} first.
 */
public final class SearchStatement {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String sql;
    private final List<Object> values;

    private SearchStatement(String sql, List<Object> values) {
        this.sql = sql;
        this.values = values;
    }

    /** @param tenantUsers the users, comma-separated, this statement may see (row-level security) */
    public static SearchStatement of(List<StoredSearch> searches, SearchRanking ranking, String tenantUsers) {
        return new Writer(searches, ranking).write(tenantUsers);
    }

    public String sql() {
        return sql;
    }

    public Statement create(Connection connection) {
        return bindTo(connection.createStatement(sql));
    }

    /** Binds the values to a statement made of this SQL (or of a wrapper such as EXPLAIN of it). */
    public Statement bindTo(Statement statement) {
        for (int i = 0; i < values.size(); i++) {
            statement.bind(i, values.get(i));
        }
        return statement;
    }

    /** Composes the SQL and numbers its parameters in the order it first uses them. */
    private static final class Writer {

        private final List<StoredSearch> searches;
        private final SearchRanking ranking;
        private final Set<SearchMode> modes = EnumSet.noneOf(SearchMode.class);
        private final List<Object> values = new ArrayList<>();
        private boolean categories;
        private boolean session;
        private boolean metadata;
        /**
         * The number of candidates the codes pick for a search, of the user's memories {@code z.n}: a format of the
         * search's limit; null when the statement ranks exactly.
         */
        private String candidates;

        Writer(List<StoredSearch> searches, SearchRanking ranking) {
            this.searches = searches;
            this.ranking = ranking;
            for (StoredSearch search : searches) {
                modes.add(search.mode());
                JsonNode filter = parse(search.filtersJson());
                categories |= filter.has("categories");
                session |= filter.hasNonNull("sessionId");
                metadata |= filter.has("metadata") && !filter.get("metadata").isEmpty();
            }
        }

        SearchStatement write(String tenantUsers) {
            boolean vectors = modes.contains(SearchMode.SEMANTIC) || modes.contains(SearchMode.HYBRID);
            boolean words = modes.contains(SearchMode.KEYWORD) || modes.contains(SearchMode.HYBRID);
            boolean anyFilter = categories || session || metadata;
            // The filters read columns the code index does not hold: a filtered search ranks its rows exactly.
            boolean codes = vectors && ranking.codes() && !anyFilter;
            String tenant = parameter(tenantUsers);
            List<String> columns = new ArrayList<>(List.of("user_id", "lim", "thr"));
            List<String> arrays = new ArrayList<>(List.of(
                    parameter(column(StoredSearch::userId, String[]::new)) + "::text[]",
                    parameter(column(StoredSearch::limit, Integer[]::new)) + "::int[]",
                    parameter(column(StoredSearch::threshold, Double[]::new)) + "::float8[]"));
            StringBuilder derived = new StringBuilder("u.ord, u.user_id, u.lim, u.thr");
            if (vectors) {
                columns.add("vec");
                arrays.add(parameter(column(s -> s.embedding() == null ? null : Vector.of(s.embedding()), Vector[]::new)) + "::vector[]");
                derived.append(", u.vec");
                if (codes) {
                    derived.append(", binary_quantize(u.vec) AS code");
                }
            }
            if (modes.size() > 1) {
                columns.add("mode");
                arrays.add(parameter(column(s -> s.mode().wireName(), String[]::new)) + "::text[]");
                derived.append(", u.mode");
            }
            if (words) {
                columns.add("txt");
                arrays.add(parameter(column(StoredSearch::query, String[]::new)) + "::text[]");
                derived.append(", websearch_to_tsquery(").append(parameter(ranking.textSearchConfig()))
                        .append("::regconfig, u.txt) AS tsq");
            }
            if (modes.contains(SearchMode.HYBRID)) {
                derived.append(", greatest(u.lim, ").append(parameter(ranking.fusionDepth())).append("::int) AS depth");
            }
            if (anyFilter) {
                columns.add("filt");
                arrays.add(parameter(column(StoredSearch::filtersJson, String[]::new)) + "::text[]");
                if (categories) {
                    derived.append(", CASE WHEN u.filt::jsonb ? 'categories' THEN ARRAY(SELECT "
                            + "jsonb_array_elements_text(u.filt::jsonb -> 'categories')) END AS cats");
                }
                if (session) {
                    derived.append(", u.filt::jsonb ->> 'sessionId' AS sess");
                }
                if (metadata) {
                    derived.append(", nullif(u.filt::jsonb -> 'metadata', '{}'::jsonb) AS meta");
                }
            }
            String k = modes.contains(SearchMode.HYBRID) ? parameter(ranking.fusionK()) + "::int" : null;
            candidates = codes ? "greatest(" + parameter(ranking.candidates()) + "::int, %s * " + SearchRanking.CANDIDATES_PER_RESULT
                    + ", ceil(" + parameter(ranking.candidateShare()) + "::float8 * z.n)::int)" : null;
            List<String> branches = new ArrayList<>();
            for (SearchMode mode : SearchMode.values()) {
                if (modes.contains(mode)) {
                    branches.add(switch (mode) {
                        case SEMANTIC -> semantic();
                        case KEYWORD -> keyword();
                        case HYBRID -> hybrid(k);
                    });
                }
            }
            String sql = """
                    WITH tenant AS MATERIALIZED (SELECT set_config('memory.user_ids', %s, true) AS users),
                    q AS MATERIALIZED (
                        SELECT %s
                        FROM tenant, unnest(%s) WITH ORDINALITY AS u(%s, ord)
                        WHERE tenant.users IS NOT NULL)
                    SELECT q.ord, r.id, r.memory, r.metadata, r.categories, r.created_at, r.updated_at, r.score
                    FROM q CROSS JOIN LATERAL (
                        SELECT h.id, h.memory, h.metadata::text AS metadata, h.categories, h.created_at, h.updated_at, c.score
                        FROM (
                    %s
                        ) c
                        JOIN memories h ON h.id = c.id
                        WHERE c.score >= q.thr
                        OFFSET 0) r
                    ORDER BY q.ord, r.score DESC, r.id
                    """.formatted(tenant, derived, String.join(", ", arrays), String.join(", ", columns),
                    String.join("\n    UNION ALL\n", branches));
            return new SearchStatement(sql, List.copyOf(values));
        }

        private String semantic() {
            return """
                        (SELECT x.id, greatest(0, 1 - x.d) AS score
                         FROM (%s) x)""".formatted(nearest(SearchMode.SEMANTIC, "q.lim"));
        }

        /**
         * The search's {@code limit} nearest memories by cosine distance {@code d}: exactly, or through the codes,
         * with the user's count of memories read once per search.
         */
        private String nearest(SearchMode mode, String limit) {
            if (candidates == null) {
                return NearestMemories.exact("m.id", conditions(mode), "q.vec", limit);
            }
            return """
                    SELECT s.id, s.d
                    FROM (SELECT z.n, %s AS cand
                          FROM (SELECT count(*) AS n FROM memories c WHERE c.user_id = q.user_id) z) sz
                    CROSS JOIN LATERAL (
                    %s) s""".formatted(candidates.formatted(limit),
                    NearestMemories.throughCodes("m.id", conditions(mode), "q.vec", "q.code", "sz.n", "sz.cand", limit));
        }

        private String keyword() {
            return """
                        (SELECT m.id, ts_rank_cd(m.content_tsv, q.tsq, 32) AS score
                         FROM memories m
                         WHERE m.content_tsv @@ q.tsq AND %s
                         ORDER BY score DESC, m.id
                         LIMIT q.lim)""".formatted(conditions(SearchMode.KEYWORD));
        }

        private String hybrid(String k) {
            String conditions = conditions(SearchMode.HYBRID);
            return """
                        (SELECT f.id, f.rrf / (2.0 / (%1$s + 1)) AS score
                         FROM (SELECT coalesce(s.id, w.id) AS id,
                                      coalesce(1.0 / (%1$s + s.r), 0) + coalesce(1.0 / (%1$s + w.r), 0) AS rrf
                               FROM (SELECT x.id, row_number() OVER (ORDER BY x.d) AS r
                                     FROM (%3$s) x) s
                               FULL JOIN
                                    (SELECT y.id, row_number() OVER (ORDER BY y.rank DESC, y.id) AS r
                                     FROM (SELECT m.id, ts_rank_cd(m.content_tsv, q.tsq, 32) AS rank FROM memories m
                                           WHERE m.content_tsv @@ q.tsq AND %2$s
                                           ORDER BY rank DESC, m.id LIMIT q.depth) y) w
                               ON s.id = w.id) f
                         ORDER BY f.rrf DESC, f.id
                         LIMIT q.lim)""".formatted(k, conditions, nearest(SearchMode.HYBRID, "q.depth"));
        }

        /** The user's live memories, in the filters that some search of the statement sets (NULL for the others). */
        private String conditions(SearchMode mode) {
            StringBuilder where = new StringBuilder("m.user_id = q.user_id AND ").append(MemoryStore.NOT_EXPIRED);
            if (modes.size() > 1) {
                where.append(" AND q.mode = '").append(mode.wireName()).append('\'');
            }
            if (categories) {
                where.append(" AND (q.cats IS NULL OR m.categories && q.cats)");
            }
            if (session) {
                where.append(" AND (q.sess IS NULL OR m.session_id = q.sess)");
            }
            if (metadata) {
                where.append(" AND (q.meta IS NULL OR m.metadata @> q.meta)");
            }
            return where.toString();
        }

        private String parameter(Object value) {
            values.add(value);
            return "$" + values.size();
        }

        private <T> T[] column(Function<StoredSearch, T> field, java.util.function.IntFunction<T[]> array) {
            T[] column = array.apply(searches.size());
            for (int i = 0; i < column.length; i++) {
                column[i] = field.apply(searches.get(i));
            }
            return column;
        }

        private static JsonNode parse(String filtersJson) {
            try {
                return JSON.readTree(filtersJson == null ? "{}" : filtersJson);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("search filters are not JSON", e);
            }
        }
    }
}

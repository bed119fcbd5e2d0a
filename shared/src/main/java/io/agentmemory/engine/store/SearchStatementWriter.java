package io.agentmemory.engine.store;

import io.agentmemory.engine.EngineJson;
import io.agentmemory.engine.api.SearchMode;
import io.r2dbc.postgresql.codec.Vector;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Composes a {@link SearchStatement}'s SQL for the searches at hand and numbers its parameters in the order it first uses them. */
final class SearchStatementWriter {

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

    SearchStatementWriter(List<StoredSearch> searches, SearchRanking ranking) {
        this.searches = searches;
        this.ranking = ranking;
        for (StoredSearch search : searches) {
            modes.add(search.mode());
            categories |= !search.filters().categories().isEmpty();
            session |= search.filters().sessionId() != null;
            metadata |= !search.filters().metadata().isEmpty();
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
        // Each filter is its own parameter, bound only when some search sets it; NULL means unset for a search.
        if (categories) {
            // A search's categories are a list of its own: flat, with the position of the search each belongs to.
            List<String> flat = new ArrayList<>();
            List<Integer> owners = new ArrayList<>();
            for (int i = 0; i < searches.size(); i++) {
                for (String category : searches.get(i).filters().categories()) {
                    flat.add(category);
                    owners.add(i + 1);
                }
            }
            derived.append(", nullif(ARRAY(SELECT fc.cat FROM unnest(")
                    .append(parameter(flat.toArray(String[]::new))).append("::text[], ")
                    .append(parameter(owners.toArray(Integer[]::new))).append("::int[]) AS fc(cat, owner)")
                    .append(" WHERE fc.owner = u.ord), '{}'::text[]) AS cats");
        }
        if (session) {
            columns.add("sess");
            arrays.add(parameter(column(s -> s.filters().sessionId(), String[]::new)) + "::text[]");
            derived.append(", u.sess");
        }
        if (metadata) {
            // Containment is jsonb's: the metadata filter is bound as the JSON document it is compared with.
            columns.add("meta");
            arrays.add(parameter(column(s -> s.filters().metadata().isEmpty() ? null
                    : EngineJson.write(s.filters().metadata()), String[]::new)) + "::jsonb[]");
            derived.append(", u.meta");
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
                SELECT q.ord, coalesce(rv.revision, 0) AS revision, r.id, r.memory, r.metadata, r.categories,
                       r.created_at, r.updated_at, r.expires_at, r.score
                FROM q
                LEFT JOIN LATERAL (SELECT v.revision FROM user_revisions v WHERE v.user_id = q.user_id OFFSET 0) rv ON true
                LEFT JOIN LATERAL (
                    SELECT h.id, h.memory, h.metadata::text AS metadata, h.categories, h.created_at, h.updated_at,
                           h.expires_at, c.score
                    FROM (
                %s
                    ) c
                    JOIN memories h ON h.id = c.id
                    WHERE c.score >= q.thr
                    OFFSET 0) r ON true
                ORDER BY q.ord, r.score DESC, r.id
                """.formatted(tenant, derived, String.join(", ", arrays), String.join(", ", columns),
                String.join("\n    UNION ALL\n", branches));
        return new SearchStatement(sql, List.copyOf(values), searches.size());
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
        StringBuilder where = new StringBuilder("m.user_id = q.user_id AND ").append(Rows.NOT_EXPIRED);
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
}

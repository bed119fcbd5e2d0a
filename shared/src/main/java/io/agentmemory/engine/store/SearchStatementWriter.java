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
    private boolean observed;
    /**
     * The number of candidates the codes pick for a search, of the user's memories {@code z.n}: a format of the
     * search's limit; null when the statement ranks exactly.
     */
    private String candidates;
    /** The parameter holding the model whose vectors semantic ranking reads (set when some search ranks by vectors). */
    private String model;

    SearchStatementWriter(List<StoredSearch> searches, SearchRanking ranking) {
        this.searches = searches;
        this.ranking = ranking;
        for (StoredSearch search : searches) {
            modes.add(search.mode());
            categories |= !search.filters().categories().isEmpty();
            session |= search.filters().sessionId() != null;
            metadata |= !search.filters().metadata().isEmpty();
            observed |= search.filters().observedFrom() != null || search.filters().observedTo() != null;
        }
    }

    SearchStatement write(String tenantUsers) {
        boolean vectors = modes.contains(SearchMode.SEMANTIC) || modes.contains(SearchMode.HYBRID);
        boolean words = modes.contains(SearchMode.KEYWORD) || modes.contains(SearchMode.HYBRID);
        boolean anyFilter = categories || session || metadata || observed;
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
                // The query's code as the memories' codes are made (migration V7): of the vector less the model's centre.
                derived.append(", ").append(NearestMemories.code("u.vec", modelParameter())).append(" AS code");
            }
        }
        if (modes.size() > 1) {
            columns.add("mode");
            arrays.add(parameter(column(s -> s.mode().wireName(), String[]::new)) + "::text[]");
            derived.append(", u.mode");
        }
        if (words) {
            // Any of the free words matches (the query's own AND becomes OR, phrases from hyphenated words stay
            // phrases); what the caller wrote as a requirement ("a phrase", -word) is ANDed on in web search syntax.
            List<KeywordQuery> keywordQueries = searches.stream().map(s -> KeywordQuery.of(s.query())).toList();
            columns.add("txt");
            arrays.add(parameter(keywordQueries.stream().map(KeywordQuery::anyWords).toArray(String[]::new)) + "::text[]");
            columns.add("req");
            arrays.add(parameter(keywordQueries.stream().map(KeywordQuery::required).toArray(String[]::new)) + "::text[]");
            String config = parameter(ranking.textSearchConfig()) + "::regconfig";
            derived.append(", CASE WHEN u.req IS NULL THEN %1$s ELSE %1$s && websearch_to_tsquery(%2$s, u.req) END AS tsq"
                    .formatted("replace(plainto_tsquery(%s, u.txt)::text, ' & ', ' | ')::tsquery".formatted(config), config));
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
        if (observed) {
            columns.add("obs_from");
            arrays.add(parameter(column(s -> s.filters().observedFrom() == null ? null
                    : java.time.OffsetDateTime.ofInstant(s.filters().observedFrom(), java.time.ZoneOffset.UTC), java.time.OffsetDateTime[]::new)) + "::timestamptz[]");
            columns.add("obs_to");
            arrays.add(parameter(column(s -> s.filters().observedTo() == null ? null
                    : java.time.OffsetDateTime.ofInstant(s.filters().observedTo(), java.time.ZoneOffset.UTC), java.time.OffsetDateTime[]::new)) + "::timestamptz[]");
            derived.append(", u.obs_from, u.obs_to");
        }
        String weight = modes.contains(SearchMode.HYBRID) ? parameter(ranking.semanticWeight()) + "::float8" : null;
        candidates = codes ? "greatest(" + parameter(ranking.candidates()) + "::int, %s * " + SearchRanking.CANDIDATES_PER_RESULT
                + ", ceil(" + parameter(ranking.candidateShare()) + "::float8 * z.n)::int)" : null;
        List<String> branches = new ArrayList<>();
        for (SearchMode mode : SearchMode.values()) {
            if (modes.contains(mode)) {
                branches.add(switch (mode) {
                    case SEMANTIC -> semantic();
                    case KEYWORD -> keyword();
                    case HYBRID -> hybrid(weight);
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
                       r.created_at, r.updated_at, r.expires_at, r.observed_at, r.mentioned_dates, r.score
                FROM q
                LEFT JOIN LATERAL (SELECT v.revision FROM user_revisions v WHERE v.user_id = q.user_id OFFSET 0) rv ON true
                LEFT JOIN LATERAL (
                    SELECT h.id, h.memory, h.metadata::text AS metadata, h.categories, h.created_at, h.updated_at,
                           h.expires_at, h.observed_at, h.mentioned_dates::text AS mentioned_dates, c.score
                    FROM (
                %s
                    ) c
                    JOIN memories h ON h.id = c.id
                    WHERE c.score >= q.thr
                    OFFSET 0) r ON true
                ORDER BY q.ord, r.score DESC, r.observed_at DESC, r.created_at DESC, r.id
                """.formatted(tenant, derived, String.join(", ", arrays), String.join(", ", columns),
                String.join("\n    UNION ALL\n", branches));
        return new SearchStatement(sql, List.copyOf(values), searches.size());
    }

    /** The cosine similarity on the model's scale: 0 for what it typically gives unrelated texts, 1 for identical. */
    private String semantic() {
        // Every parameter must appear in the statement: the scale's only when a search ranks semantically.
        String[] scale = {parameter(ranking.scale().unrelated()) + "::float8",
                parameter(ranking.scale().identical() - ranking.scale().unrelated()) + "::float8"};
        return """
                    (SELECT x.id, least(1, greatest(0, (1 - x.d - %s) / %s)) AS score
                     FROM (%s) x)""".formatted(scale[0], scale[1], nearest(SearchMode.SEMANTIC, "m.id", "q.lim"));
    }

    private String modelParameter() {
        if (model == null) {
            model = parameter(ranking.embeddingModel());
        }
        return model;
    }

    /**
     * The search's {@code limit} nearest memories by cosine distance {@code d}, with {@code columns} of each (read
     * from alias {@code m}): exactly, or through the codes, with the user's count of memories read once per search.
     */
    private String nearest(SearchMode mode, String columns, String limit) {
        String conditions = conditions(mode) + " AND m.embedding_model = " + modelParameter();
        if (candidates == null) {
            return NearestMemories.exact(columns, conditions, "q.vec", limit);
        }
        return """
                SELECT s.*
                FROM (SELECT z.n, %s AS cand
                      FROM (SELECT count(*) AS n FROM memories c WHERE c.user_id = q.user_id) z) sz
                CROSS JOIN LATERAL (
                %s) s""".formatted(candidates.formatted(limit),
                NearestMemories.throughCodes(columns, conditions, "q.vec", "q.code", "sz.n", "sz.cand", limit));
    }

    /**
     * PostgreSQL's {@code ts_rank} of the memories matching any word: repeated words weigh more, longer memories
     * no less (normalization 32 only maps the rank into [0, 1) as rank / (rank + 1)). On the conversation set it
     * found as much as {@code ts_rank_cd} and a BM25 over the same words (hit@10 0.715, 0.715, 0.708), more
     * than with normalization by length (0.669).
     */
    private String keyword() {
        return """
                    (SELECT m.id, ts_rank(m.content_tsv, q.tsq, 32) AS score
                     FROM memories m
                     WHERE m.content_tsv @@ q.tsq AND %s
                     ORDER BY score DESC, %s
                     LIMIT q.lim)""".formatted(conditions(SearchMode.KEYWORD), tieBreak("m"));
    }

    /**
     * The two rankings' top {@code depth} each, every score scaled from the worst to the best of its own ranking's
     * candidates (min-max) and summed with the semantic weight {@code w}: w x semantic + (1 - w) x keyword, a
     * memory missing from one ranking taking 0 there. A memory first in both scores 1.
     */
    private String hybrid(String weight) {
        String conditions = conditions(SearchMode.HYBRID);
        return """
                    (SELECT f.id, f.score
                     FROM (SELECT coalesce(s.id, w.id) AS id, coalesce(s.observed_at, w.observed_at) AS observed_at,
                                  coalesce(s.created_at, w.created_at) AS created_at,
                                  %1$s * coalesce(s.n, 0) + (1 - %1$s) * coalesce(w.n, 0) AS score
                           FROM (SELECT x.id, x.observed_at, x.created_at,
                                        coalesce((max(x.d) OVER () - x.d) / nullif(max(x.d) OVER () - min(x.d) OVER (), 0), 1) AS n
                                 FROM (%3$s) x) s
                           FULL JOIN
                                (SELECT y.id, y.observed_at, y.created_at,
                                        coalesce((y.rank - min(y.rank) OVER ()) / nullif(max(y.rank) OVER () - min(y.rank) OVER (), 0), 1) AS n
                                 FROM (SELECT m.id, m.observed_at, m.created_at, ts_rank(m.content_tsv, q.tsq) AS rank FROM memories m
                                       WHERE m.content_tsv @@ q.tsq AND %2$s
                                       ORDER BY rank DESC, %4$s LIMIT q.depth) y) w
                           ON s.id = w.id) f
                     ORDER BY f.score DESC, %5$s
                     LIMIT q.lim)""".formatted(weight, conditions, nearest(SearchMode.HYBRID, "m.id, m.observed_at, m.created_at", "q.depth"),
                tieBreak("m"), tieBreak("f"));
    }

    /**
     * The order among memories of equal score: the more recently said first (what a user most likely means when two
     * memories match a query equally, e.g. two short turns with the same words), then the one stored later, then the
     * id, so that the same memories give the same ranking every time (with the id alone, ties fell by random ids).
     */
    private static String tieBreak(String alias) {
        return "%1$s.observed_at DESC, %1$s.created_at DESC, %1$s.id".formatted(alias);
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
        if (observed) {
            where.append(" AND (q.obs_from IS NULL OR m.observed_at >= q.obs_from) AND (q.obs_to IS NULL OR m.observed_at < q.obs_to)");
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

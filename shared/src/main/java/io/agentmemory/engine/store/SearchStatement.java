package io.agentmemory.engine.store;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

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

    private final String sql;
    private final List<Object> values;
    private final int searches;

    SearchStatement(String sql, List<Object> values, int searches) {
        this.sql = sql;
        this.values = values;
        this.searches = searches;
    }

    /** @param tenantUsers the users this statement may see (row-level security) */
    public static SearchStatement of(List<StoredSearch> searches, SearchRanking ranking, Collection<String> tenantUsers) {
        return new SearchStatementWriter(searches, ranking).write(TenantUsers.setting(tenantUsers));
    }

    /**
     * Runs the statement; per search, in input order, its hits with the user's revision they were read at (in the
     * same statement, so the same snapshot) and the earliest expiry among them.
     */
    public Mono<List<SearchedRows>> run(Connection connection) {
        return run(StatementRunner.over(connection));
    }

    /** {@link #run(Connection)}, wherever {@code runner} runs it. */
    public Mono<List<SearchedRows>> run(StatementRunner runner) {
        List<List<StoredHit>> hits = new ArrayList<>(searches);
        long[] revisions = new long[searches];
        long[] validUntil = new long[searches];
        for (int i = 0; i < searches; i++) {
            hits.add(new ArrayList<>());
            validUntil[i] = Long.MAX_VALUE;
        }
        PortableStatement statement = new PortableStatement(sql, values.size());
        for (int i = 0; i < values.size(); i++) {
            statement.bind(i, values.get(i));
        }
        return runner.rows(statement, row -> {
                    int ord = row.get("ord", Long.class).intValue() - 1;
                    revisions[ord] = row.get("revision", Long.class);
                    UUID id = row.get("id", UUID.class);
                    if (id != null) {
                        hits.get(ord).add(new StoredHit(id, row.get("memory", String.class),
                                row.get("score", Double.class), Rows.metadata(row.get("metadata", String.class)),
                                Rows.categories(row), row.get("created_at", Instant.class), row.get("updated_at", Instant.class),
                                row.get("observed_at", Instant.class), Rows.dates(row.get("mentioned_dates", String.class))));
                        Instant expires = row.get("expires_at", Instant.class);
                        if (expires != null) {
                            validUntil[ord] = Math.min(validUntil[ord], expires.toEpochMilli());
                        }
                    }
                    return ord;
                })
                .then(Mono.fromSupplier(() -> {
                    List<SearchedRows> out = new ArrayList<>(searches);
                    for (int i = 0; i < searches; i++) {
                        out.add(new SearchedRows(hits.get(i), revisions[i], validUntil[i]));
                    }
                    return out;
                }));
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
}

package io.agentmemory.engine.search;

import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.embedding.QueryEmbeddings;
import io.agentmemory.engine.store.Database;
import io.agentmemory.engine.store.SearchRanking;
import io.agentmemory.engine.store.SearchStatement;
import io.agentmemory.engine.store.SearchedRows;
import io.agentmemory.engine.store.StoredHit;
import io.agentmemory.engine.store.StoredSearch;
import io.agentmemory.engine.travel.TravelFlags;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The searches the cache could not answer, embedded and ranked in one SQL statement (or two halves at once). */
final class DatabaseSearch {

    /** Below this many cache misses a batch is one statement: splitting costs a round trip of its own. */
    private static final int SPLIT_BATCH_MIN = 16;

    private final Database database;
    private final QueryEmbeddings embeddings;
    private final SearchRanking ranking;
    private final boolean splitsLargeBatches;

    DatabaseSearch(Database database, QueryEmbeddings embeddings, SearchRanking ranking, int poolMaxSize) {
        this.database = database;
        this.embeddings = embeddings;
        this.ranking = ranking;
        this.splitsLargeBatches = Runtime.getRuntime().availableProcessors() >= 2 && poolMaxSize >= 2;
    }

    /**
     * The hits of each missed search with the revision and expiry a cached copy of them carries, and the query
     * vectors the model computed for them.
     */
    record Found(List<List<SearchHit>> hits, List<SearchedRows> rows, Map<String, float[]> computedVectors) {

        /** The same, with {@code vectors} (computed for these searches elsewhere) counted as computed here. */
        Found alsoComputed(Map<String, float[]> vectors) {
            if (vectors.isEmpty()) {
                return this;
            }
            Map<String, float[]> all = new HashMap<>(computedVectors);
            all.putAll(vectors);
            return new Found(hits, rows, all);
        }

        Found followedBy(Found next) {
            List<List<SearchHit>> all = new ArrayList<>(hits);
            all.addAll(next.hits);
            List<SearchedRows> allRows = new ArrayList<>(rows);
            allRows.addAll(next.rows);
            Map<String, float[]> vectors = new HashMap<>(computedVectors);
            vectors.putAll(next.computedVectors);
            return new Found(all, allRows, vectors);
        }
    }

    /**
     * A large batch of misses is answered in two halves at once, each embedding its queries on a thread of its own
     * and ranking them on a connection of its own (the pool's two), so both cores work: a batch's cost is its
     * queries' model calls and scans, which one thread and one PostgreSQL backend would otherwise do one after
     * the other. With one core, or a pool of one, the batch stays whole.
     */
    Mono<Found> search(List<SearchRequest> misses, Map<String, float[]> foundVectors) {
        if (!splitsLargeBatches || misses.size() < SPLIT_BATCH_MIN) {
            return searchPart(misses, foundVectors, false);
        }
        int half = misses.size() / 2;
        return Mono.zip(searchPart(misses.subList(0, half), foundVectors, true),
                        searchPart(misses.subList(half, misses.size()), foundVectors, true))
                .map(parts -> parts.getT1().followedBy(parts.getT2()));
    }

    private Mono<Found> searchPart(List<SearchRequest> requests, Map<String, float[]> foundVectors, boolean inParallel) {
        List<String> queries = requests.stream().filter(r -> r.mode().usesVectors()).map(SearchRequest::query).toList();
        return embeddings.embed(queries, foundVectors, inParallel).flatMap(vectors -> {
            List<StoredSearch> searches = new ArrayList<>(requests.size());
            Iterator<float[]> vector = vectors.inOrder().iterator();
            for (SearchRequest r : requests) {
                searches.add(new StoredSearch(r.userId(), r.query(), r.mode().usesVectors() ? vector.next() : null,
                        r.limit(), r.threshold(), r.filters(), r.mode()));
            }
            Set<String> users = new LinkedHashSet<>();
            searches.forEach(search -> users.add(search.userId()));
            SearchStatement statement = SearchStatement.of(searches, ranking, users);
            // One user's searches are that user's business (on the caller's thread where the environment's own
            // connection serves it); a batch spanning users is an audited admin read.
            Mono<List<SearchedRows>> rows = users.size() == 1
                    ? database.onCallerThreadOrPool(statement::run)
                    : database.asAdmin("batch-search", users, statement::run);
            return rows.map(found -> new Found(found.stream().map(r -> hits(r.hits())).toList(), found, vectors.computed()));
        });
    }

    /** The travel flags are read from the memory's text, as the hit leaves the store. */
    private static List<SearchHit> hits(List<StoredHit> stored) {
        return stored.stream().map(h -> {
            TravelFlags flags = TravelFlags.of(h.memory());
            return new SearchHit(h.id(), h.memory(), h.score(), h.metadata(), h.categories(), h.createdAt(), h.updatedAt(),
                    flags.location(), flags.budget(), flags.accommodation(), h.observedAt(), h.dates());
        }).toList();
    }
}

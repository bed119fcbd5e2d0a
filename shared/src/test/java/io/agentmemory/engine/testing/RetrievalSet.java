package io.agentmemory.engine.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchMode;
import io.agentmemory.engine.api.SearchRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The travel retrieval set the project ships ({@code evaluation/travel-retrieval-set.json}): one traveller's
 * memories, queries that name exact codes and names, and paraphrased queries, each naming the memory it must
 * find. Used by the tests and the benchmark to compare search modes on the same data.
 */
public record RetrievalSet(String description, List<String> memories, List<Query> exactQueries,
                           List<Query> paraphrasedQueries) {

    public record Query(String query, int memory) {
    }

    public static RetrievalSet load() {
        try (InputStream in = RetrievalSet.class.getResourceAsStream("/evaluation/travel-retrieval-set.json")) {
            return new ObjectMapper().readValue(in, RetrievalSet.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Seeds the memories for {@code userId} directly, each as its own row: the set holds deliberate near-duplicates
     * (other flights, hotels, codes) that an add would merge as updates of one another.
     */
    public void storeFor(MemoryEngine engine, String userId) {
        DirectSeeder.seed(engine.embeddingModel(), userId, memories);
    }

    /** The share of queries whose memory is among the first {@code k} hits of a search in {@code mode}. */
    public double hitRate(MemoryEngine engine, String userId, List<Query> queries, SearchMode mode, int k) {
        int found = 0;
        for (Query q : queries) {
            List<SearchHit> hits = engine.search(SearchRequest.of(userId, q.query()).withLimit(k).withMode(mode))
                    .block(EngineFixture.WAIT).results();
            if (hits.stream().anyMatch(h -> h.memory().equals(memories.get(q.memory())))) {
                found++;
            } else {
                System.out.println("MISS " + mode + " '" + q.query() + "' -> " + hits.stream().map(SearchHit::memory).toList());
            }
        }
        return (double) found / queries.size();
    }
}

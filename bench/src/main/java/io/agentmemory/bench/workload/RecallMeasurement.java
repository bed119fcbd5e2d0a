package io.agentmemory.bench.workload;

import io.agentmemory.bench.data.ExactRanking;
import io.agentmemory.bench.systems.SearchAnswer;
import io.agentmemory.bench.systems.SystemEnvironment;
import io.agentmemory.engine.embedding.EmbeddingModel;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * recall@10: of the exact top 10 for a query over the table the system searches, how many the system returned
 * in its top 10. Measured after the system's run, through the system's own search path (for the service,
 * possibly answered by its cache, which must be just as right).
 */
public final class RecallMeasurement {

    private RecallMeasurement() {
    }

    public static double measure(SystemEnvironment environment, ExactRanking exact, EmbeddingModel model,
                                 List<SearchQuery> queries) throws Exception {
        int expected = 0;
        int found = 0;
        for (SearchQuery query : queries) {
            List<String> truth = exact.topK(query.userId(), model.embed(query.query()), query.limit());
            SearchAnswer answer = environment.search(query);
            Set<String> returned = new HashSet<>(answer.memoryIds());
            expected += truth.size();
            for (String id : truth) {
                if (returned.contains(id)) {
                    found++;
                }
            }
        }
        return expected == 0 ? 1.0 : (double) found / expected;
    }
}

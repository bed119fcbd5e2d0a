package io.agentmemory.bench.workload;

import io.agentmemory.bench.data.ExactRanking;
import io.agentmemory.bench.systems.SearchAnswer;
import io.agentmemory.bench.systems.SystemEnvironment;
import io.agentmemory.engine.embedding.EmbeddingModel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * recall@10: of the exact top 10 for a query over the table the system searches, how many the system returned
 * in its top 10. Measured after the system's run, through the system's own search path (for the service,
 * possibly answered by its cache, which must be just as right).
 */
public final class RecallMeasurement {

    private static final int MAX_BATCH = 100;

    private RecallMeasurement() {
    }

    public static double measure(SystemEnvironment environment, ExactRanking exact, EmbeddingModel model,
                                 List<SearchQuery> queries) throws Exception {
        List<SearchAnswer> answers = new ArrayList<>(queries.size());
        for (SearchQuery query : queries) {
            answers.add(environment.search(query));
        }
        return recall(exact, model, queries, answers);
    }

    /** The same through the system's batch search, in batches of up to 100. */
    public static double measureBatch(SystemEnvironment environment, ExactRanking exact, EmbeddingModel model,
                                      List<SearchQuery> queries) throws Exception {
        List<SearchAnswer> answers = new ArrayList<>(queries.size());
        for (int from = 0; from < queries.size(); from += MAX_BATCH) {
            answers.addAll(environment.searchBatch(queries.subList(from, Math.min(queries.size(), from + MAX_BATCH))));
        }
        return recall(exact, model, queries, answers);
    }

    /** The truth is ranked by the query's own vector, embedded alone: the model's answer for that text. */
    private static double recall(ExactRanking exact, EmbeddingModel model, List<SearchQuery> queries,
                                 List<SearchAnswer> answers) throws Exception {
        int expected = 0;
        int found = 0;
        for (int i = 0; i < queries.size(); i++) {
            SearchQuery query = queries.get(i);
            List<String> truth = exact.topK(query.userId(), model.embedQuery(query.query()), query.limit());
            Set<String> returned = new HashSet<>(answers.get(i).memoryIds());
            expected += truth.size();
            for (String id : truth) {
                if (returned.contains(id)) {
                    found++;
                }
            }
        }
        return expected == 0 ? 1.0 : Math.round(1000.0 * found / expected) / 1000.0;
    }
}

package io.agentmemory.bench.workload;

import io.agentmemory.bench.report.BatchComparison;
import io.agentmemory.bench.systems.SystemEnvironment;
import io.agentmemory.engine.testing.TravelCorpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Batch of 100 against 100 single searches, paired: each round times 100 single searches one after another and
 * then one batch of 100 other searches, every query text new (so neither a result nor a query vector is cached).
 */
public final class BatchComparisonMeasurement {

    private static final int BATCH = 100;

    private BatchComparisonMeasurement() {
    }

    public static BatchComparison measure(SystemEnvironment environment, List<String> users, long seed, int rounds,
                                          double workloadMixSpeedup) throws Exception {
        Random random = new Random(seed * 31 + 5);
        long singlesNanos = 0;
        long batchNanos = 0;
        for (int round = 0; round < rounds; round++) {
            List<SearchQuery> singles = novelQueries(users, random, "s" + round);
            List<SearchQuery> batch = novelQueries(users, random, "b" + round);
            long started = System.nanoTime();
            for (SearchQuery query : singles) {
                environment.search(query);
            }
            singlesNanos += System.nanoTime() - started;
            started = System.nanoTime();
            environment.searchBatch(batch);
            batchNanos += System.nanoTime() - started;
        }
        return new BatchComparison(Math.round(singlesNanos / 1e4 / rounds) / 100.0,
                Math.round(batchNanos / 1e4 / rounds) / 100.0, workloadMixSpeedup);
    }

    private static List<SearchQuery> novelQueries(List<String> users, Random random, String tag) {
        List<SearchQuery> queries = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            queries.add(new SearchQuery(users.get(random.nextInt(users.size())),
                    TravelCorpus.query(random) + " (note " + tag + "-" + i + ")", WorkloadPlan.LIMIT));
        }
        return queries;
    }
}

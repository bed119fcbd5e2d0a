package io.agentmemory.bench.lambda;

import io.agentmemory.engine.testing.TravelCorpus;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Questions of the workload's kind none of which repeats, so that each one misses the service's result cache and its
 * query-vector cache alike: the corpus's questions, with a trailing qualifier when the bare question was drawn
 * before (the corpus alone has a few hundred distinct questions).
 */
final class DistinctQueries {

    private static final String[] QUALIFIERS = {"", " lately", " these days", " this year", " in general", " so far",
            " right now", " for the next trip", " usually", " at the moment"};

    private DistinctQueries() {
    }

    static List<String> generate(int count, long seed) {
        Random random = new Random(seed * 31 + 7);
        Set<String> texts = new LinkedHashSet<>();
        int attempts = 0;
        while (texts.size() < count) {
            if (++attempts > 50 * count + 10_000) {
                throw new IllegalArgumentException("cannot make " + count + " distinct questions from the corpus");
            }
            String question = TravelCorpus.query(random);
            for (String qualifier : QUALIFIERS) {
                if (texts.add(question + qualifier)) {
                    break;
                }
            }
        }
        return new ArrayList<>(texts);
    }
}

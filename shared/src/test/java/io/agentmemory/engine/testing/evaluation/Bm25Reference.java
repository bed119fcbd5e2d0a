package io.agentmemory.engine.testing.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Textbook Okapi BM25 (k1 = 1.2, b = 0.75, idf = ln(1 + (N - df + 0.5) / (df + 0.5))) over one conversation's
 * turns, outside the service: the reference a keyword ranking of natural-language questions should reach.
 */
public final class Bm25Reference {

    private static final double K1 = 1.2;
    private static final double B = 0.75;

    private final Tokenizer tokenizer;
    private final List<String> ids = new ArrayList<>();
    private final List<Map<String, Integer>> termCounts = new ArrayList<>();
    private final List<Integer> lengths = new ArrayList<>();
    private final Map<String, Integer> documentFrequency = new HashMap<>();
    private double averageLength;

    public Bm25Reference(Tokenizer tokenizer, Map<String, String> textsById) {
        this.tokenizer = tokenizer;
        long total = 0;
        for (Map.Entry<String, String> document : textsById.entrySet()) {
            List<String> terms = tokenizer.terms(document.getValue());
            Map<String, Integer> counts = new HashMap<>();
            terms.forEach(term -> counts.merge(term, 1, Integer::sum));
            counts.keySet().forEach(term -> documentFrequency.merge(term, 1, Integer::sum));
            ids.add(document.getKey());
            termCounts.add(counts);
            lengths.add(terms.size());
            total += terms.size();
        }
        averageLength = ids.isEmpty() ? 0 : (double) total / ids.size();
    }

    /** The ids of the {@code k} best-scoring documents sharing a term with the query, best first. */
    public List<String> rank(String query, int k) {
        Map<String, Integer> queryTerms = new HashMap<>();
        tokenizer.terms(query).forEach(term -> queryTerms.merge(term, 1, Integer::sum));
        List<Map.Entry<String, Double>> scored = new ArrayList<>();
        for (int d = 0; d < ids.size(); d++) {
            double score = 0;
            for (Map.Entry<String, Integer> term : queryTerms.entrySet()) {
                int tf = termCounts.get(d).getOrDefault(term.getKey(), 0);
                if (tf == 0) {
                    continue;
                }
                int df = documentFrequency.get(term.getKey());
                double idf = Math.log(1 + (ids.size() - df + 0.5) / (df + 0.5));
                double norm = tf + K1 * (1 - B + B * lengths.get(d) / averageLength);
                score += term.getValue() * idf * tf * (K1 + 1) / norm;
            }
            if (score > 0) {
                scored.add(Map.entry(ids.get(d), score));
            }
        }
        scored.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry::getKey));
        return scored.stream().limit(k).map(Map.Entry::getKey).toList();
    }
}

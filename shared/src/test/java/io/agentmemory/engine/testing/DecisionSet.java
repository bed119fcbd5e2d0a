package io.agentmemory.engine.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.extraction.TextNormalizer;
import io.agentmemory.engine.facts.FactDecisionRule;
import io.agentmemory.engine.facts.KnownMemory;
import io.agentmemory.engine.facts.Verdict;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The project's decision set ({@code evaluation/fact-decisions.json}): pairs of an existing memory and a new extracted
 * fact, each labelled ADD, UPDATE or NOOP by hand, with the near-duplicates that must stay apart. Used by the tests
 * (floors) and the benchmark (the table).
 */
public record DecisionSet(String description, List<Pair> pairs) {

    public record Pair(String id, String existing, String fact, MemoryEvent expected, String note) {
    }

    /** Decisions per expected label; {@code merged} counts ADD pairs decided otherwise (a distinct fact lost). */
    public record Scores(Map<MemoryEvent, int[]> byLabel, int merged, List<String> mistakes) {

        public double accuracy(MemoryEvent label) {
            int[] counts = byLabel.get(label);
            return counts == null || counts[1] == 0 ? Double.NaN : (double) counts[0] / counts[1];
        }

        public int total(MemoryEvent label) {
            return byLabel.getOrDefault(label, new int[2])[1];
        }
    }

    public static DecisionSet load() {
        try (InputStream in = DecisionSet.class.getResourceAsStream("/evaluation/fact-decisions.json")) {
            return new ObjectMapper().readValue(in, DecisionSet.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs every pair through the engine's decision rule, the existing memory being the only candidate. */
    public Scores evaluate() {
        Map<MemoryEvent, int[]> byLabel = new EnumMap<>(MemoryEvent.class);
        int merged = 0;
        List<String> mistakes = new java.util.ArrayList<>();
        for (Pair pair : pairs) {
            KnownMemory existing = new KnownMemory(UUID.randomUUID(), pair.existing(), TextNormalizer.key(pair.existing()));
            Verdict verdict = FactDecisionRule.decide(pair.fact(), TextNormalizer.key(pair.fact()), true,
                    List.of(existing), Set.of());
            int[] counts = byLabel.computeIfAbsent(pair.expected(), label -> new int[2]);
            counts[1]++;
            if (verdict.event() == pair.expected()) {
                counts[0]++;
            } else {
                mistakes.add(pair.id() + " expected " + pair.expected() + ", decided " + verdict.event());
                if (pair.expected() == MemoryEvent.ADD) {
                    merged++;
                }
            }
        }
        return new Scores(byLabel, merged, mistakes);
    }
}

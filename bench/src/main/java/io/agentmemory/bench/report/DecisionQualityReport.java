package io.agentmemory.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.testing.DecisionSet;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ADD / UPDATE / NOOP decisions on the project's hand-labelled decision set: accuracy per expected label and the
 * number of distinct facts merged into another (an ADD decided otherwise), written as {@code decisions.json}.
 */
public final class DecisionQualityReport {

    public static final String FILE = "decisions.json";

    private DecisionQualityReport() {
    }

    public static void write(DecisionSet set, Path directory, PrintStream console) throws IOException {
        DecisionSet.Scores scores = set.evaluate();
        console.println();
        console.println("fact decisions on the project's decision set (" + set.pairs().size() + " labelled pairs):");
        console.printf("%-8s %8s %10s%n", "label", "pairs", "accuracy");
        Map<String, Object> json = new LinkedHashMap<>();
        for (MemoryEvent label : new MemoryEvent[]{MemoryEvent.ADD, MemoryEvent.UPDATE, MemoryEvent.NOOP}) {
            console.printf("%-8s %8d %10.3f%n", label, scores.total(label), scores.accuracy(label));
            json.put(label.name(), Map.of("pairs", scores.total(label), "accuracy", scores.accuracy(label)));
        }
        console.printf("distinct facts merged: %d%n", scores.merged());
        json.put("distinctFactsMerged", scores.merged());
        json.put("mistakes", scores.mistakes());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(directory.resolve(FILE).toFile(), json);
    }
}

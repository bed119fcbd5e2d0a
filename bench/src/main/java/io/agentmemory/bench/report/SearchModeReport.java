package io.agentmemory.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentmemory.bench.workload.SearchModeComparison.ModeResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** Prints the search modes side by side and writes them as {@code search-modes.json}. */
public final class SearchModeReport {

    public static final String FILE = "search-modes.json";

    private SearchModeReport() {
    }

    public static void write(List<ModeResult> results, Path directory, PrintStream console) throws IOException {
        console.println();
        console.println("search modes on the shipped travel retrieval set (engine, cache off, service role):");
        console.printf("%-10s %14s %18s %10s %10s%n", "mode", "exact hit@1", "paraphrased hit@3", "p50 ms", "p95 ms");
        for (ModeResult r : results) {
            console.printf("%-10s %14.2f %18.2f %10.2f %10.2f%n", r.mode(), r.exactHitAt1(), r.paraphrasedHitAt3(),
                    r.p50Millis(), r.p95Millis());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(directory.resolve(FILE).toFile(), results);
    }
}

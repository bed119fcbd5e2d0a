package io.agentmemory.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentmemory.bench.workload.UserSizeScaling.SizeResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Prints search time (exact and through the codes, with their recall) by the user's number of memories and writes it as {@code user-sizes.json}. */
public final class UserSizeReport {

    public static final String FILE = "user-sizes.json";

    private UserSizeReport() {
    }

    public static void write(List<SizeResult> results, Path directory, PrintStream console) throws IOException {
        console.println();
        console.println("search time by the user's number of memories, exact and through the codes (engine, cache off,"
                + " query vectors known, service role):");
        console.printf("%-12s %10s %8s %10s %10s %10s %10s %10s %12s%n", "rows written", "memories", "pages", "p50 ms",
                "p95 ms", "codes p50", "codes p95", "searches", "codes rec@10");
        for (SizeResult r : results) {
            console.printf(Locale.ROOT, "%-12s %10d %8d %10.2f %10.2f %10.2f %10.2f %10d %12.3f%n", r.layout(), r.memories(),
                    r.pages(), r.p50Millis(), r.p95Millis(), r.codesP50Millis(), r.codesP95Millis(), r.searches(), r.codesRecallAt10());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(directory.resolve(FILE).toFile(), results);
    }
}

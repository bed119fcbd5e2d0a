package io.agentmemory.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the service's single searches spent their time in the measured run, read from the functions' own log
 * lines (Embedded Metric Format: {@code durationMs}, {@code cacheMs}, {@code embeddingMs}, {@code databaseMs}),
 * as an operator would read them in CloudWatch. The run marks the measured part of the log; warm-up and recall
 * searches fall outside it. Written as {@code service-stages.json}.
 */
public final class ServiceStageReport {

    public static final String FILE = "service-stages.json";
    public static final String MEASURED_START = "{\"benchPhase\":\"measured-start\"}";
    public static final String MEASURED_END = "{\"benchPhase\":\"measured-end\"}";
    private static final String SEARCH_FUNCTION = "searchMemories";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One kind of search: medians of the invocation and of each stage over the invocations that used it
     * ({@code embedded} of them ran the model; the others found the query's vector in memory or in the cache).
     */
    public record Stages(String kind, int count, double durationP50, double cacheP50, int embedded,
                         double embeddingP50, double databaseP50) {
    }

    private ServiceStageReport() {
    }

    /** The cache misses and the cache hits among the measured single searches, or an empty list without them. */
    public static List<Stages> read(Path functionLog) throws IOException {
        List<JsonNode> misses = new ArrayList<>();
        List<JsonNode> hits = new ArrayList<>();
        boolean measured = false;
        for (String line : Files.readAllLines(functionLog)) {
            if (line.equals(MEASURED_START) || line.equals(MEASURED_END)) {
                measured = line.equals(MEASURED_START);
            } else if (measured && line.startsWith("{") && line.contains("\"_aws\"")) {
                JsonNode entry = JSON.readTree(line);
                if (SEARCH_FUNCTION.equals(entry.path("Function").asText()) && entry.has("cacheHit")) {
                    (entry.path("cacheHit").asBoolean() ? hits : misses).add(entry);
                }
            }
        }
        List<Stages> stages = new ArrayList<>();
        if (!misses.isEmpty()) {
            stages.add(stages("cache miss", misses));
        }
        if (!hits.isEmpty()) {
            stages.add(stages("cache hit", hits));
        }
        return stages;
    }

    public static void write(List<Stages> stages, Path directory, PrintStream console) throws IOException {
        console.println();
        console.println("service single searches in the measured run, from the functions' log lines (p50 ms; a stage's"
                + " median over the searches that used it):");
        console.printf("%-11s %6s %10s %8s %14s %10s%n", "search", "count", "invocation", "cache", "model (runs)", "database");
        for (Stages s : stages) {
            console.printf("%-11s %6d %10s %8s %7s (%3d) %10s%n", s.kind(), s.count(), millis(s.durationP50()),
                    millis(s.cacheP50()), millis(s.embeddingP50()), s.embedded(), millis(s.databaseP50()));
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(directory.resolve(FILE).toFile(), stages);
    }

    /** A median, or "-" for a stage no search used (a hit skips the model; its database stage is the revision check). */
    private static String millis(double value) {
        return value == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.2f", value);
    }

    private static Stages stages(String kind, List<JsonNode> entries) {
        return new Stages(kind, entries.size(), median(entries, "durationMs"), median(entries, "cacheMs"),
                (int) entries.stream().filter(e -> e.has("embeddingMs")).count(), median(entries, "embeddingMs"),
                median(entries, "databaseMs"));
    }

    /** The median of the field over the entries that have it; 0 when none has. */
    private static double median(List<JsonNode> entries, String field) {
        return Percentile.nearestRank(entries.stream().filter(e -> e.has(field)).mapToDouble(e -> e.path(field).asDouble())
                .sorted().toArray(), 50);
    }
}

package io.agentmemory.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Hands the report out three ways: results.json, the PNG charts, and the table on the console. */
public final class ReportWriter {

    public static final String RESULTS_FILE = "results.json";

    private ReportWriter() {
    }

    public static void write(BenchmarkReport report, BatchComparison batchComparison, Path directory, PrintStream console)
            throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("report", report);
        document.put("batchComparison", batchComparison);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(directory.resolve(RESULTS_FILE).toFile(), document);
        ChartWriter.write(report, directory);
        ReportTable.print(report, console);
        if (batchComparison != null) {
            console.println(String.format(Locale.ROOT, "batch of 100 vs 100 single searches in the workload's mix "
                    + "(100 x mean single / mean batch): %.1fx", batchComparison.workloadMixSpeedup()));
        }
        console.println("results: " + directory.resolve(RESULTS_FILE) + ", charts: "
                + directory.resolve(ChartWriter.LATENCY_FILE) + ", " + directory.resolve(ChartWriter.THROUGHPUT_FILE));
    }
}

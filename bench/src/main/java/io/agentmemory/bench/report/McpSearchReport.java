package io.agentmemory.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** Prints the service's single search over REST and over MCP side by side and writes it as {@code mcp-search.json}. */
public final class McpSearchReport {

    public static final String FILE = "mcp-search.json";

    /** Medians (ms) of the search through each handler: first call for a query (database), second call (cache). */
    public record Result(int queriesPerCell, double restMissP50, double mcpMissP50, double restHitP50, double mcpHitP50) {
    }

    private McpSearchReport() {
    }

    public static void write(Result result, Path directory, PrintStream console) throws IOException {
        console.println();
        console.println("service single search through its Lambda handler: the REST route against the MCP tool"
                + " (search_memories), same run, data and cache (p50 ms, " + result.queriesPerCell() + " searches each):");
        console.printf("%-24s %10s %10s%n", "search", "REST", "MCP");
        console.printf("%-24s %10.2f %10.2f%n", "cache miss (first call)", result.restMissP50(), result.mcpMissP50());
        console.printf("%-24s %10.2f %10.2f%n", "cache hit (second call)", result.restHitP50(), result.mcpHitP50());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(directory.resolve(FILE).toFile(), result);
    }
}

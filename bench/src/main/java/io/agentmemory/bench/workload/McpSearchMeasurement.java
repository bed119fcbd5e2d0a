package io.agentmemory.bench.workload;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.bench.report.McpSearchReport;
import io.agentmemory.bench.report.Percentile;
import io.agentmemory.bench.systems.RoutePosts;
import io.agentmemory.bench.systems.ServiceSystem;
import io.agentmemory.engine.testing.TravelCorpus;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The service's single search as a REST call (the search function) and as an MCP tool call (the MCP function's
 * {@code search_memories}), each through its Lambda handler, on the same data and cache in the same run: what the
 * protocol adds. Each new query is searched once through each; which goes first alternates, so each protocol
 * answers half its queries from the database (the first call) and half from the cache (the second).
 */
public final class McpSearchMeasurement {

    public static final String MCP_FUNCTION = "mcpServer";
    private static final String SEARCH_ROUTE = "POST /v1/users/{userId}/memories/search";
    private static final String MCP_ROUTE = "POST /mcp";
    private static final int WARM_UP = 20;

    private final FunctionInvoker rest = ServiceSystem.invoker(ServiceSystem.SEARCH_FUNCTION, "bench-protocols-rest");
    private final FunctionInvoker mcp = ServiceSystem.invoker(MCP_FUNCTION, "bench-protocols-mcp");
    private int requestId;

    private McpSearchMeasurement() {
    }

    /** {@code queries} pairs; each of the four medians is over half of them. */
    public static McpSearchReport.Result measure(List<String> users, long seed, int queries) throws Exception {
        McpSearchMeasurement measurement = new McpSearchMeasurement();
        Random random = new Random(seed * 31 + 11);
        for (int i = 0; i < WARM_UP; i++) {
            SearchQuery query = measurement.novelQuery(users, random, "warm-up-" + i);
            measurement.restSearch(query);
            measurement.mcpSearch(query);
        }
        List<Double> restMiss = new ArrayList<>();
        List<Double> mcpMiss = new ArrayList<>();
        List<Double> restHit = new ArrayList<>();
        List<Double> mcpHit = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            SearchQuery query = measurement.novelQuery(users, random, "pair-" + i);
            if (i % 2 == 0) {
                restMiss.add(measurement.restSearch(query));
                mcpHit.add(measurement.mcpSearch(query));
            } else {
                mcpMiss.add(measurement.mcpSearch(query));
                restHit.add(measurement.restSearch(query));
            }
        }
        return new McpSearchReport.Result(queries / 2, p50(restMiss), p50(mcpMiss), p50(restHit), p50(mcpHit));
    }

    private SearchQuery novelQuery(List<String> users, Random random, String tag) {
        return new SearchQuery(users.get(random.nextInt(users.size())), TravelCorpus.query(random) + " (" + tag + ")",
                WorkloadPlan.LIMIT);
    }

    private double restSearch(SearchQuery query) throws Exception {
        byte[] event = RoutePosts.post(SEARCH_ROUTE, Map.of("userId", query.userId()),
                Map.of("query", query.query(), "limit", query.limit()));
        long started = System.nanoTime();
        JsonNode response = ServiceSystem.invoke(rest, ServiceSystem.SEARCH_FUNCTION, event);
        double millis = (System.nanoTime() - started) / 1e6;
        requireStatus(response, "REST search");
        return millis;
    }

    private double mcpSearch(SearchQuery query) throws Exception {
        byte[] event = RoutePosts.post(MCP_ROUTE, Map.of(), Map.of("jsonrpc", "2.0", "id", ++requestId,
                "method", "tools/call", "params", Map.of("name", "search_memories", "arguments",
                        Map.of("userId", query.userId(), "query", query.query(), "limit", query.limit()))));
        long started = System.nanoTime();
        JsonNode response = ServiceSystem.invoke(mcp, MCP_FUNCTION, event);
        double millis = (System.nanoTime() - started) / 1e6;
        requireStatus(response, "MCP search");
        if (response.path("body").asText().contains("\"isError\":true")) {
            throw new IllegalStateException("MCP search failed: " + response.path("body").asText());
        }
        return millis;
    }

    private static void requireStatus(JsonNode response, String what) {
        if (response.path("statusCode").asInt() != 200) {
            throw new IllegalStateException(what + " answered " + response);
        }
    }

    private static double p50(List<Double> millis) {
        return Math.round(Percentile.nearestRank(millis.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 50) * 100) / 100.0;
    }
}

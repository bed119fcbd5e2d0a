package io.agentmemory.local;

import io.agentmemory.local.template.HttpRoute;

import java.io.PrintStream;
import java.util.List;

/** The first two commands a newcomer runs against the memory API: remember something, then find it again. */
final class CurlExamples {

    static final String ADD_ROUTE = "POST /v1/users/{userId}/memories";
    static final String SEARCH_ROUTE = "POST /v1/users/{userId}/memories/search";
    static final String MCP_ROUTE = "POST /mcp";

    private CurlExamples() {
    }

    static void print(List<HttpRoute> routes, String baseUrl, PrintStream out) {
        boolean add = routes.stream().anyMatch(r -> r.routeKey().equals(ADD_ROUTE));
        boolean search = routes.stream().anyMatch(r -> r.routeKey().equals(SEARCH_ROUTE));
        if (!add && !search) {
            return;
        }
        out.println();
        out.println("Try it:");
        if (add) {
            out.println("  curl -s -X POST " + baseUrl + "/v1/users/user-123/memories -H 'content-type: application/json' \\");
            out.println("    -d '{\"messages\":[{\"role\":\"user\",\"content\":\"I am vegetarian, I prefer window seats and my budget is about 2,000 EUR.\"}]}'");
        }
        if (search) {
            out.println("  curl -s -X POST " + baseUrl + "/v1/users/user-123/memories/search -H 'content-type: application/json' \\");
            out.println("    -d '{\"query\":\"Which seat should I book?\",\"limit\":3}'");
        }
        if (routes.stream().anyMatch(r -> r.routeKey().equals(MCP_ROUTE))) {
            out.println("  MCP clients (Streamable HTTP): " + baseUrl + "/mcp with the header 'X-Memory-User: user-123'"
                    + " while AUTH_MODE=off (README: Agents)");
        }
        out.println();
    }
}

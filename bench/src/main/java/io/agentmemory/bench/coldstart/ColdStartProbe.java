package io.agentmemory.bench.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.bench.systems.RoutePosts;
import io.agentmemory.bench.systems.ServiceSystem;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.io.PrintStream;
import java.util.Map;

/**
 * Run in a fresh JVM: what a Lambda cold start of the search function does (construct the handler, then serve
 * one event), then it reports the first response's status on a marker line and exits. Settings come from the
 * environment, as in Lambda.
 */
public final class ColdStartProbe {

    public static final String MARKER = "COLD_START_FIRST_RESPONSE status=";

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream report = System.out;
        String userId = args.length > 0 ? args[0] : "cold-start-user";
        FunctionInvoker invoker = ServiceSystem.invoker(ServiceSystem.SEARCH_FUNCTION, "bench-coldstart");
        byte[] event = RoutePosts.post("POST /v1/users/{userId}/memories/search", Map.of("userId", userId),
                Map.of("query", "does the user prefer window seats", "limit", 10));
        JsonNode response = ServiceSystem.invoke(invoker, ServiceSystem.SEARCH_FUNCTION, event);
        report.println(MARKER + response.path("statusCode").asInt(-1));
        report.flush();
        // No graceful shutdown to wait for: the measurement is over, and Lambda freezes rather than stops.
        Runtime.getRuntime().halt(0);
    }
}

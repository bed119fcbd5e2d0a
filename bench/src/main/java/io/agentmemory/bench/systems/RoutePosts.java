package io.agentmemory.bench.systems;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.functions.gateway.HttpApiEvent;

import java.util.Map;

/**
 * The benchmark client's POSTs, as the gateway delivers them to the function (the one event builder the functions
 * and the local runner use): the benchmark measures the same parsing and mapping a deployed function does.
 */
public final class RoutePosts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RoutePosts() {
    }

    /**
     * @param routeKey       the route as template.yaml declares it, e.g. {@code POST /v1/users/{userId}/memories/search}
     * @param pathParameters values for the route's placeholders
     */
    public static byte[] post(String routeKey, Map<String, String> pathParameters, Object body) {
        String path = routeKey.substring(routeKey.indexOf(' ') + 1);
        for (Map.Entry<String, String> parameter : pathParameters.entrySet()) {
            path = path.replace("{" + parameter.getKey() + "}", parameter.getValue());
        }
        try {
            return HttpApiEvent.request("POST", path).routeKey(routeKey).pathParameters(pathParameters)
                    .header("content-type", "application/json").header("user-agent", "memory-bench")
                    // What an MCP client sends (the MCP function requires it); the REST routes ignore it.
                    .header("accept", "application/json, text/event-stream")
                    .api("123456789012", "bench", "bench.execute-api.localhost").client("HTTP/1.1", "127.0.0.1")
                    .body(JSON.writeValueAsString(body)).bytes();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body is not serialisable", e);
        }
    }
}

package io.agentmemory.functions.testing;

import io.agentmemory.functions.gateway.HttpApiEvent;

/**
 * The requests tests send: a JSON client's, through the one event builder the functions themselves use, so tests
 * exercise the handler with the event format API Gateway delivers (add {@code .as(userId)} for the JWT claims).
 */
public final class HttpEvents {

    private HttpEvents() {
    }

    public static HttpApiEvent request(String method, String path) {
        return HttpApiEvent.request(method, path).header("content-type", "application/json").header("user-agent", "memory-tests");
    }

    public static HttpApiEvent post(String path, String jsonBody) {
        return request("POST", path).body(jsonBody);
    }

    public static HttpApiEvent get(String path) {
        return request("GET", path);
    }
}

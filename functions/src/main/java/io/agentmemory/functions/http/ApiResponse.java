package io.agentmemory.functions.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers, before it becomes an API Gateway response; {@code body} is serialised as JSON. */
public record ApiResponse(int status, Object body, Map<String, String> headers) {

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, Map.of());
    }

    public static ApiResponse created(Object body) {
        return new ApiResponse(201, body, Map.of());
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, Map.of());
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new ApiResponse(status, body, Map.copyOf(all));
    }
}

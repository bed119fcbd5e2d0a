package io.agentmemory.local.template;

import java.util.Locale;

/**
 * One route of the HTTP API: an {@code HttpApi} event of a function. {@code method} is upper case or
 * {@code ANY}; {@code path} is a template such as {@code /v1/users/{userId}/memories}, or {@code $default}.
 */
public record HttpRoute(String method, String path, String functionId, String eventName) {

    public static final String ANY = "ANY";
    public static final String DEFAULT_PATH = "$default";

    public HttpRoute {
        method = method.toUpperCase(Locale.ROOT);
    }

    /** As API Gateway names routes: {@code POST /v1/users/{userId}/memories}, or {@code $default}. */
    public String routeKey() {
        return path.equals(DEFAULT_PATH) ? DEFAULT_PATH : method + " " + path;
    }
}

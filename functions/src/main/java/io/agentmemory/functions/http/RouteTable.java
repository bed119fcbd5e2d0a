package io.agentmemory.functions.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Matches a request against the routes one function serves, by method and path template
 * ({@code /v1/users/{userId}/memories}). The path is matched from {@code rawPath} rather than trusting
 * {@code routeKey}, so the same function behaves the same behind any gateway or local runner.
 */
public final class RouteTable {

    public record Route(String method, String template, RouteHandler handler) {
        public String key() {
            return method + " " + template;
        }
    }

    public record Match(Route route, Map<String, String> pathParameters) {
    }

    private final List<Route> routes;

    public RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public List<Route> routes() {
        return routes;
    }

    public Match match(String method, String path) {
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Optional<Map<String, String>> params = bind(route.template(), path);
            if (params.isPresent()) {
                if (route.method().equals(method)) {
                    return new Match(route, params.get());
                }
                allowed.add(route.method());
            }
        }
        if (!allowed.isEmpty()) {
            throw new ApiProblemException(Problem.of(405, "method-not-allowed", "Method not allowed",
                    "this path accepts " + String.join(", ", allowed)), Map.of("allow", String.join(", ", allowed)));
        }
        throw new ApiProblemException(Problem.of(404, "not-found", "Not found", "no route matches this method and path"));
    }

    private static Optional<Map<String, String>> bind(String template, String path) {
        String[] expected = template.split("/", -1);
        String[] actual = path.split("/", -1);
        if (expected.length != actual.length) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < expected.length; i++) {
            String part = expected[i];
            if (part.startsWith("{") && part.endsWith("}")) {
                if (actual[i].isEmpty()) {
                    return Optional.empty();
                }
                params.put(part.substring(1, part.length() - 1), decode(actual[i]));
            } else if (!part.equals(actual[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiProblemException.badRequest("the path holds an invalid percent-encoding");
        }
    }
}

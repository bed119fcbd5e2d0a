package io.agentmemory.functions.http;

import io.agentmemory.functions.gateway.PathTemplate;

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

        PathTemplate pathTemplate() {
            return PathTemplate.of(template);
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
            Optional<Map<String, String>> params = route.pathTemplate().bind(path).map(RouteTable::decoded);
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

    private static Map<String, String> decoded(Map<String, String> received) {
        Map<String, String> parameters = new LinkedHashMap<>();
        received.forEach((name, value) -> parameters.put(name, decode(value)));
        return parameters;
    }

    private static String decode(String segment) {
        try {
            return PathTemplate.decode(segment);
        } catch (IllegalArgumentException e) {
            throw ApiProblemException.badRequest("the path holds an invalid percent-encoding");
        }
    }
}

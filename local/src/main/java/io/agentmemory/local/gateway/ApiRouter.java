package io.agentmemory.local.gateway;

import io.agentmemory.functions.gateway.PathTemplate;
import io.agentmemory.local.template.HttpRoute;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the route for a request as an HTTP API does: path templates with {@code {param}} segments and a greedy
 * {@code {proxy+}} last segment; the most specific path wins, an exact method beats {@code ANY}, and
 * {@code $default} catches what nothing else matches.
 */
public final class ApiRouter {

    public record RouteMatch(HttpRoute route, Map<String, String> pathParameters) {
    }

    private final List<HttpRoute> routes;

    public ApiRouter(List<HttpRoute> routes) {
        this.routes = List.copyOf(routes);
    }

    public List<HttpRoute> routes() {
        return routes;
    }

    /** {@code rawPath} as received (percent-encoded); parameters come back decoded. */
    public Optional<RouteMatch> match(String method, String rawPath) {
        RouteMatch best = null;
        int bestScore = Integer.MIN_VALUE;
        for (HttpRoute route : routes) {
            if (!route.method().equals(HttpRoute.ANY) && !route.method().equals(method)) {
                continue;
            }
            Optional<Map<String, String>> parameters = bind(route.path(), rawPath);
            if (parameters.isEmpty()) {
                continue;
            }
            int score = specificity(route);
            if (score > bestScore) {
                best = new RouteMatch(route, parameters.get());
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int specificity(HttpRoute route) {
        if (route.path().equals(HttpRoute.DEFAULT_PATH)) {
            return Integer.MIN_VALUE + 1;
        }
        // The path first, as the functions resolve it: a route naming the method wins over ANY on the same path only.
        int score = PathTemplate.of(route.path()).specificity();
        return route.method().equals(HttpRoute.ANY) ? score * 2 - 1 : score * 2;
    }

    private static Optional<Map<String, String>> bind(String template, String rawPath) {
        if (template.equals(HttpRoute.DEFAULT_PATH)) {
            return Optional.of(Map.of());
        }
        return PathTemplate.of(template).bind(rawPath).map(ApiRouter::decoded);
    }

    /** The gateway passes a value it cannot decode on as received; the function answers it. */
    private static Map<String, String> decoded(Map<String, String> received) {
        Map<String, String> parameters = new LinkedHashMap<>();
        received.forEach((name, value) -> {
            try {
                parameters.put(name, PathTemplate.decode(value));
            } catch (IllegalArgumentException e) {
                parameters.put(name, value);
            }
        });
        return parameters;
    }
}

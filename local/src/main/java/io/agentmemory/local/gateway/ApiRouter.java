package io.agentmemory.local.gateway;

import io.agentmemory.local.template.HttpRoute;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
        String[] segments = rawPath.split("/", -1);
        RouteMatch best = null;
        int bestScore = Integer.MIN_VALUE;
        for (HttpRoute route : routes) {
            if (!route.method().equals(HttpRoute.ANY) && !route.method().equals(method)) {
                continue;
            }
            Optional<Map<String, String>> parameters = bind(route.path(), segments);
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
        int score = 0;
        for (String part : route.path().split("/")) {
            if (part.endsWith("+}")) {
                score -= 1_000; // greedy: only when nothing narrower matches
            } else if (part.startsWith("{")) {
                score += 10;
            } else if (!part.isEmpty()) {
                score += 100;
            }
        }
        return route.method().equals(HttpRoute.ANY) ? score * 2 - 1 : score * 2;
    }

    private static Optional<Map<String, String>> bind(String template, String[] segments) {
        if (template.equals(HttpRoute.DEFAULT_PATH)) {
            return Optional.of(Map.of());
        }
        String[] parts = template.split("/", -1);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean greedy = part.startsWith("{") && part.endsWith("+}");
            if (greedy && i == parts.length - 1) {
                if (segments.length <= i || segments[i].isEmpty()) {
                    return Optional.empty();
                }
                String rest = String.join("/", java.util.Arrays.copyOfRange(segments, i, segments.length));
                parameters.put(part.substring(1, part.length() - 2), decode(rest));
                return Optional.of(parameters);
            }
            if (i >= segments.length) {
                return Optional.empty();
            }
            if (part.startsWith("{") && part.endsWith("}")) {
                if (segments[i].isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(part.substring(1, part.length() - 1), decode(segments[i]));
            } else if (!part.equals(decode(segments[i]))) {
                return Optional.empty();
            }
        }
        return parts.length == segments.length ? Optional.of(parameters) : Optional.empty();
    }

    private static String decode(String segment) {
        try {
            // A path keeps '+' literally; only form-encoded query strings read it as a space.
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}

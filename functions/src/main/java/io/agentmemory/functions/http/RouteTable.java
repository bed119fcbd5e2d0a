package io.agentmemory.functions.http;

import io.agentmemory.functions.gateway.PathTemplate;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Matches a request against the routes one function serves, by method and path template
 * ({@code /v1/users/{userId}/memories}). The path is matched from {@code rawPath} rather than trusting
 * {@code routeKey}, so the same function behaves the same behind any gateway or local runner.
 *
 * <p>The table also knows every route of the whole API, so any function answers a method the API does not route on
 * a path with 405 and an {@code Allow} naming what the API routes there, not only what this function serves. The
 * path is resolved first, as a resource: of the API's templates that fit it the most specific wins, so
 * {@code PUT /v1/users/u1/memories/search} is the search path (which takes POST) whatever function the gateway
 * handed it to, never a memory whose id is "search".
 */
public final class RouteTable {

    public record Route(String method, String template, RouteHandler handler) {
        public String key() {
            return method + " " + template;
        }
    }

    /** A route of the API without its handler: what a 405's {@code Allow} is made of. */
    public record Endpoint(String method, String template) {
    }

    public record Match(Route route, Map<String, String> pathParameters) {
    }

    private record Resource(PathTemplate path, SortedSet<String> methods) {
    }

    private final List<Route> routes;
    private final List<Resource> resources;

    /** A function on its own: its routes are the whole API. */
    public RouteTable(List<Route> routes) {
        this(routes, routes.stream().map(route -> new Endpoint(route.method(), route.template())).toList());
    }

    /** A function's routes, and every route of the API it belongs to. */
    public RouteTable(List<Route> routes, Collection<Endpoint> api) {
        this.routes = List.copyOf(routes);
        Map<String, SortedSet<String>> methodsByPath = new LinkedHashMap<>();
        api.forEach(endpoint -> methodsByPath.computeIfAbsent(endpoint.template(), path -> new TreeSet<>()).add(endpoint.method()));
        for (Route route : routes) {
            if (!methodsByPath.getOrDefault(route.template(), new TreeSet<>()).contains(route.method())) {
                throw new IllegalArgumentException(route.key() + " is not a route of the API it is said to belong to");
            }
        }
        this.resources = methodsByPath.entrySet().stream()
                .map(entry -> new Resource(PathTemplate.of(entry.getKey()), entry.getValue())).toList();
    }

    public List<Route> routes() {
        return routes;
    }

    public Match match(String method, String path) {
        Resource resource = resources.stream().filter(candidate -> candidate.path().bind(path).isPresent())
                .max(Comparator.comparingInt(candidate -> candidate.path().specificity()))
                .orElseThrow(() -> notFound("no route matches this method and path"));
        if (!resource.methods().contains(method)) {
            String allowed = String.join(", ", resource.methods());
            throw new ApiProblemException(Problem.of(405, "method-not-allowed", "Method not allowed",
                    "this path accepts " + allowed), Map.of("allow", allowed));
        }
        String template = resource.path().template();
        for (Route route : routes) {
            if (route.method().equals(method) && route.template().equals(template)) {
                return new Match(route, decoded(resource.path().bind(path).orElseThrow()));
            }
        }
        // The API routes it, to another function: only a misconfigured gateway sends it here.
        throw notFound("this function does not serve " + method + " " + template);
    }

    private static ApiProblemException notFound(String detail) {
        return new ApiProblemException(Problem.of(404, "not-found", "Not found", detail));
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

package io.agentmemory.functions;

import io.agentmemory.functions.http.RouteHandler;
import io.agentmemory.functions.http.RouteTable;
import io.agentmemory.functions.http.RouteTable.Endpoint;
import io.agentmemory.functions.http.RouteTable.Route;
import io.agentmemory.functions.mcp.McpEndpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.agentmemory.functions.FunctionBeans.ADD;
import static io.agentmemory.functions.FunctionBeans.BATCH_SEARCH;
import static io.agentmemory.functions.FunctionBeans.CONTEXT;
import static io.agentmemory.functions.FunctionBeans.INVALIDATE;
import static io.agentmemory.functions.FunctionBeans.MANAGE;
import static io.agentmemory.functions.FunctionBeans.MCP;
import static io.agentmemory.functions.FunctionBeans.SEARCH;

/**
 * Every route of the HTTP API with the function bean serving it: the one list the function beans are built from,
 * that every function's 405 takes its {@code Allow} from, and that template.yaml's events must equal.
 *
 * <p>An HTTP API answers a method no route of a path names with a 404 of its own, so template.yaml gives every path
 * an {@code ANY} route as well, which API Gateway takes only for the methods no route of the path names. It goes to
 * the function of the path's first route listed here ({@link #wrongMethodPaths}), which answers 405 without running
 * a route. A path split over several functions lists first the one with the least access (ManageMemoriesFunction
 * before AddMemoriesFunction, which may also call the extraction model).
 */
public final class ApiRoutes {

    public static final String ANY = "ANY";

    public record ApiRoute(String function, String method, String template) {
        public String key() {
            return method + " " + template;
        }
    }

    private static final String USER_MEMORIES = "/v1/users/{userId}/memories";
    private static final String ONE_MEMORY = USER_MEMORIES + "/{memoryId}";

    public static final ApiRoute LIST_MEMORIES = new ApiRoute(MANAGE, "GET", USER_MEMORIES);
    public static final ApiRoute DELETE_ALL_MEMORIES = new ApiRoute(MANAGE, "DELETE", USER_MEMORIES);
    public static final ApiRoute ADD_MEMORIES = new ApiRoute(ADD, "POST", USER_MEMORIES);
    public static final ApiRoute SEARCH_MEMORIES = new ApiRoute(SEARCH, "POST", USER_MEMORIES + "/search");
    public static final ApiRoute BATCH_SEARCH_MEMORIES = new ApiRoute(BATCH_SEARCH, "POST", "/v1/memories/search/batch");
    public static final ApiRoute INVALIDATE_CACHE = new ApiRoute(INVALIDATE, "POST", "/v1/users/{userId}/cache/invalidate");
    public static final ApiRoute GET_MEMORY = new ApiRoute(MANAGE, "GET", ONE_MEMORY);
    public static final ApiRoute UPDATE_MEMORY = new ApiRoute(MANAGE, "PUT", ONE_MEMORY);
    public static final ApiRoute DELETE_MEMORY = new ApiRoute(MANAGE, "DELETE", ONE_MEMORY);
    public static final ApiRoute MEMORY_HISTORY = new ApiRoute(MANAGE, "GET", ONE_MEMORY + "/history");
    public static final ApiRoute USER_CONTEXT = new ApiRoute(CONTEXT, "GET", "/v1/users/{userId}/context");
    public static final ApiRoute SET_PREFERENCES = new ApiRoute(CONTEXT, "PUT", "/v1/users/{userId}/preferences");
    /** A stateless MCP server: GET (a stream) and DELETE (a session's end) answer 405 like any other method. */
    public static final ApiRoute MCP_MESSAGES = new ApiRoute(MCP, "POST", McpEndpoint.PATH);

    public static final List<ApiRoute> ALL = List.of(LIST_MEMORIES, DELETE_ALL_MEMORIES, ADD_MEMORIES, SEARCH_MEMORIES,
            BATCH_SEARCH_MEMORIES, INVALIDATE_CACHE, GET_MEMORY, UPDATE_MEMORY, DELETE_MEMORY, MEMORY_HISTORY, USER_CONTEXT,
            SET_PREFERENCES, MCP_MESSAGES);

    private ApiRoutes() {
    }

    public static List<ApiRoute> servedBy(String function) {
        return ALL.stream().filter(route -> route.function().equals(function)).toList();
    }

    /** The paths whose {@code ANY} route, for the methods the API does not route there, goes to this function. */
    public static List<String> wrongMethodPaths(String function) {
        Map<String, String> firstFunctionByPath = new LinkedHashMap<>();
        ALL.forEach(route -> firstFunctionByPath.putIfAbsent(route.template(), route.function()));
        return firstFunctionByPath.entrySet().stream().filter(entry -> entry.getValue().equals(function))
                .map(Map.Entry::getKey).toList();
    }

    /** Every route and {@code ANY} route template.yaml must give this function, as route keys. */
    public static Set<String> routeKeysOf(String function) {
        TreeSet<String> keys = new TreeSet<>();
        servedBy(function).forEach(route -> keys.add(route.key()));
        wrongMethodPaths(function).forEach(path -> keys.add(ANY + " " + path));
        return keys;
    }

    /** The function's route table: a handler for each route it serves, and the whole API for its 405s. */
    static RouteTable table(String function, Map<ApiRoute, RouteHandler> handlers) {
        List<ApiRoute> served = servedBy(function);
        if (!handlers.keySet().equals(Set.copyOf(served))) {
            throw new IllegalStateException(function + " must handle exactly " + served + ", not " + handlers.keySet());
        }
        List<Route> routes = served.stream().map(route -> new Route(route.method(), route.template(), handlers.get(route))).toList();
        return new RouteTable(routes, ALL.stream().map(route -> new Endpoint(route.method(), route.template())).toList());
    }
}

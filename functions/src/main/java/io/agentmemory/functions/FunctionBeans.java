package io.agentmemory.functions;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.functions.auth.AccessPolicy;
import io.agentmemory.functions.http.HttpFunction;
import io.agentmemory.functions.http.RouteTable;
import io.agentmemory.functions.http.RouteTable.Route;
import io.agentmemory.functions.mcp.McpEndpoint;
import io.agentmemory.functions.routes.AddMemoriesRoute;
import io.agentmemory.functions.routes.BatchSearchRoute;
import io.agentmemory.functions.routes.InvalidateCacheRoute;
import io.agentmemory.functions.routes.ManageMemoriesRoutes;
import io.agentmemory.functions.routes.SearchMemoriesRoute;
import io.agentmemory.functions.routes.TravelContextRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.List;

/**
 * The function beans, one per Lambda function; each Lambda function selects its bean with
 * {@code spring_cloud_function_definition}. The routes listed here are the ones {@code template.yaml} wires.
 */
@Configuration(proxyBeanMethods = false)
public class FunctionBeans {

    public static final String ADD = "addMemories";
    public static final String SEARCH = "searchMemories";
    public static final String BATCH_SEARCH = "batchSearch";
    public static final String INVALIDATE = "invalidateCache";
    public static final String MANAGE = "manageMemories";
    public static final String CONTEXT = "travelContext";
    public static final String MCP = "mcpServer";

    private static final String USER_MEMORIES = "/v1/users/{userId}/memories";
    private static final String ONE_MEMORY = USER_MEMORIES + "/{memoryId}";

    @Bean
    AccessPolicy accessPolicy(Environment environment) {
        return AccessPolicy.forMode(environment.getProperty("AUTH_MODE", "jwt"));
    }

    @Bean
    Duration requestTimeout(Environment environment) {
        return Duration.ofMillis(environment.getProperty("REQUEST_TIMEOUT_MS", Long.class, 10_000L));
    }

    @Bean(ADD)
    HttpFunction addMemories(MemoryEngine engine, AccessPolicy policy, Duration requestTimeout) {
        return new HttpFunction(ADD, new RouteTable(List.of(
                new Route("POST", USER_MEMORIES, new AddMemoriesRoute(engine)))), policy, requestTimeout);
    }

    @Bean(SEARCH)
    HttpFunction searchMemories(MemoryEngine engine, AccessPolicy policy, Duration requestTimeout) {
        return new HttpFunction(SEARCH, new RouteTable(List.of(
                new Route("POST", USER_MEMORIES + "/search", new SearchMemoriesRoute(engine)))), policy, requestTimeout);
    }

    @Bean(BATCH_SEARCH)
    HttpFunction batchSearch(MemoryEngine engine, AccessPolicy policy, Duration requestTimeout) {
        return new HttpFunction(BATCH_SEARCH, new RouteTable(List.of(
                new Route("POST", "/v1/memories/search/batch", new BatchSearchRoute(engine, policy)))), policy, requestTimeout);
    }

    @Bean(INVALIDATE)
    HttpFunction invalidateCache(MemoryEngine engine, AccessPolicy policy, Duration requestTimeout) {
        InvalidateCacheRoute route = new InvalidateCacheRoute(engine);
        return new HttpFunction(INVALIDATE, new RouteTable(List.of(
                new Route("POST", "/v1/users/{userId}/cache/invalidate", route))), policy, requestTimeout, route);
    }

    @Bean(MANAGE)
    HttpFunction manageMemories(MemoryEngine engine, AccessPolicy policy, Duration requestTimeout) {
        ManageMemoriesRoutes routes = new ManageMemoriesRoutes(engine);
        return new HttpFunction(MANAGE, new RouteTable(List.of(
                new Route("GET", USER_MEMORIES, routes::list),
                new Route("DELETE", USER_MEMORIES, routes::deleteAll),
                new Route("GET", ONE_MEMORY, routes::get),
                new Route("PUT", ONE_MEMORY, routes::update),
                new Route("DELETE", ONE_MEMORY, routes::delete),
                new Route("GET", ONE_MEMORY + "/history", routes::history))), policy, requestTimeout);
    }

    @Bean(CONTEXT)
    HttpFunction travelContext(MemoryEngine engine, AccessPolicy policy, Duration requestTimeout) {
        TravelContextRoutes routes = new TravelContextRoutes(engine);
        return new HttpFunction(CONTEXT, new RouteTable(List.of(
                new Route("GET", "/v1/users/{userId}/context", routes::context),
                new Route("PUT", "/v1/users/{userId}/preferences", routes::setPreferences))), policy, requestTimeout);
    }

    /** The same engine and routes for agents, over the Model Context Protocol (stateless Streamable HTTP). */
    @Bean(MCP)
    HttpFunction mcpServer(MemoryEngine engine, AccessPolicy policy, Duration requestTimeout, Environment environment) {
        List<String> allowedOrigins = java.util.Arrays.stream(environment.getProperty("MCP_ALLOWED_ORIGINS", "").split(","))
                .map(String::strip).filter(origin -> !origin.isEmpty()).toList();
        return new HttpFunction(MCP, new RouteTable(List.of(
                new Route("POST", McpEndpoint.PATH, McpEndpoint.create(engine, policy, allowedOrigins)),
                new Route("GET", McpEndpoint.PATH, McpEndpoint::withoutSessions),
                new Route("DELETE", McpEndpoint.PATH, McpEndpoint::withoutSessions))), policy, requestTimeout);
    }
}

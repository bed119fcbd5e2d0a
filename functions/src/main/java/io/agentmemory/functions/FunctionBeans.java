package io.agentmemory.functions;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.functions.auth.AccessPolicy;
import io.agentmemory.functions.http.HttpFunction;
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
import java.util.Map;

/**
 * The function beans, one per Lambda function; each Lambda function selects its bean with
 * {@code spring_cloud_function_definition}. Each serves its routes of {@link ApiRoutes}, the ones {@code template.yaml}
 * wires to it.
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
        return new HttpFunction(ADD, ApiRoutes.table(ADD, Map.of(
                ApiRoutes.ADD_MEMORIES, new AddMemoriesRoute(engine))), policy, requestTimeout);
    }

    @Bean(SEARCH)
    HttpFunction searchMemories(MemoryEngine engine, AccessPolicy policy, Duration requestTimeout) {
        return new HttpFunction(SEARCH, ApiRoutes.table(SEARCH, Map.of(
                ApiRoutes.SEARCH_MEMORIES, new SearchMemoriesRoute(engine))), policy, requestTimeout);
    }

    @Bean(BATCH_SEARCH)
    HttpFunction batchSearch(MemoryEngine engine, AccessPolicy policy, Duration requestTimeout) {
        return new HttpFunction(BATCH_SEARCH, ApiRoutes.table(BATCH_SEARCH, Map.of(
                ApiRoutes.BATCH_SEARCH_MEMORIES, new BatchSearchRoute(engine, policy))), policy, requestTimeout);
    }

    @Bean(INVALIDATE)
    HttpFunction invalidateCache(MemoryEngine engine, AccessPolicy policy, Duration requestTimeout) {
        InvalidateCacheRoute route = new InvalidateCacheRoute(engine);
        return new HttpFunction(INVALIDATE, ApiRoutes.table(INVALIDATE, Map.of(
                ApiRoutes.INVALIDATE_CACHE, route)), policy, requestTimeout, route);
    }

    @Bean(MANAGE)
    HttpFunction manageMemories(MemoryEngine engine, AccessPolicy policy, Duration requestTimeout) {
        ManageMemoriesRoutes routes = new ManageMemoriesRoutes(engine);
        return new HttpFunction(MANAGE, ApiRoutes.table(MANAGE, Map.of(
                ApiRoutes.LIST_MEMORIES, routes::list,
                ApiRoutes.DELETE_ALL_MEMORIES, routes::deleteAll,
                ApiRoutes.GET_MEMORY, routes::get,
                ApiRoutes.UPDATE_MEMORY, routes::update,
                ApiRoutes.DELETE_MEMORY, routes::delete,
                ApiRoutes.MEMORY_HISTORY, routes::history)), policy, requestTimeout);
    }

    @Bean(CONTEXT)
    HttpFunction travelContext(MemoryEngine engine, AccessPolicy policy, Duration requestTimeout) {
        TravelContextRoutes routes = new TravelContextRoutes(engine);
        return new HttpFunction(CONTEXT, ApiRoutes.table(CONTEXT, Map.of(
                ApiRoutes.USER_CONTEXT, routes::context,
                ApiRoutes.SET_PREFERENCES, routes::setPreferences)), policy, requestTimeout);
    }

    /** The same engine and routes for agents, over the Model Context Protocol (stateless Streamable HTTP). */
    @Bean(MCP)
    HttpFunction mcpServer(MemoryEngine engine, AccessPolicy policy, Duration requestTimeout, Environment environment) {
        List<String> allowedOrigins = java.util.Arrays.stream(environment.getProperty("MCP_ALLOWED_ORIGINS", "").split(","))
                .map(String::strip).filter(origin -> !origin.isEmpty()).toList();
        return new HttpFunction(MCP, ApiRoutes.table(MCP, Map.of(
                ApiRoutes.MCP_MESSAGES, McpEndpoint.create(engine, policy, allowedOrigins))), policy, requestTimeout);
    }
}

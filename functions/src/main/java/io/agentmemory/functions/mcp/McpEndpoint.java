package io.agentmemory.functions.mcp;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.functions.auth.AccessPolicy;
import io.agentmemory.functions.http.ApiCall;
import io.agentmemory.functions.http.ApiResponse;
import io.agentmemory.functions.http.RouteHandler;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code POST /mcp}: the memory tools over the Model Context Protocol (stateless Streamable HTTP), served by the
 * official SDK's stateless server. Each tool runs its REST route, so agents and REST clients see one service.
 */
public final class McpEndpoint implements RouteHandler {

    public static final String PATH = "/mcp";
    static final String SERVER_NAME = "agent-memory";

    private static final String INSTRUCTIONS = """
            Long-term memory about the user. Search it before answering anything that depends on the user's \
            preferences, plans or history; add durable facts the user states; correct or delete a memory when the \
            user asks. Memories belong to the signed-in user.""";

    /** Held for the function's lifetime: the server owns the tool handlers the transport dispatches to. */
    private final McpStatelessSyncServer server;
    private final ApiGatewayMcpTransport transport;

    private McpEndpoint(McpStatelessSyncServer server, ApiGatewayMcpTransport transport) {
        this.server = server;
        this.transport = transport;
    }

    /** @param allowedOrigins web origins (e.g. {@code https://app.example.com}) whose pages may call the server */
    public static McpEndpoint create(MemoryEngine engine, AccessPolicy accessPolicy, List<String> allowedOrigins) {
        McpJsonMapper json = McpJsonDefaults.getMapper();
        ApiGatewayMcpTransport transport = new ApiGatewayMcpTransport(json, allowedOrigins);
        Map<String, ToolRoute> routes = MemoryToolRoutes.of(engine);
        List<McpSchema.Tool> tools = ToolDefinitions.load(json);
        requireOneRoutePerTool(tools, routes);
        ToolCalls calls = new ToolCalls(accessPolicy);
        List<SyncToolSpecification> specifications = tools.stream().map(tool -> new SyncToolSpecification(tool,
                (context, request) -> calls.call((ApiCall) context.get(ApiGatewayMcpTransport.API_CALL), tool.name(),
                        routes.get(tool.name()), request.arguments()))).toList();
        McpStatelessSyncServer server = McpServer.sync(transport)
                .serverInfo(SERVER_NAME, version())
                .instructions(INSTRUCTIONS)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonMapper(json)
                // The REST route validates the arguments and names the field as the REST API does; the SDK's schema
                // check would answer first, in other words, and cost a second pass over every call.
                .validateToolInputs(false)
                // Run tools on the invocation's own thread: Lambda serves one request at a time per environment.
                .immediateExecution(true)
                .tools(specifications)
                .build();
        return new McpEndpoint(server, transport);
    }

    @Override
    public ApiResponse handle(ApiCall call) {
        return transport.handle(call);
    }

    private static void requireOneRoutePerTool(List<McpSchema.Tool> tools, Map<String, ToolRoute> routes) {
        Set<String> named = tools.stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
        if (!named.equals(routes.keySet())) {
            throw new IllegalStateException(ToolDefinitions.RESOURCE + " names " + named + " but routes exist for " + routes.keySet());
        }
    }

    private static String version() {
        String version = McpEndpoint.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}

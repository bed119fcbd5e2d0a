package io.agentmemory.functions.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.functions.http.ApiCall;
import io.agentmemory.functions.http.ApiJson;
import io.agentmemory.functions.http.ApiProblemException;
import io.agentmemory.functions.http.ApiRequest;
import io.agentmemory.functions.http.ApiResponse;
import io.agentmemory.functions.http.JsonBodies;
import io.agentmemory.functions.http.Problem;
import io.agentmemory.functions.http.RouteHandler;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityValidator;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SDK's stateless Streamable HTTP transport (its servlet version is the model), adapted to API Gateway events:
 * one POST carries one JSON-RPC message and gets one JSON answer, never a stream, and no session is kept, so any
 * execution environment serves any request. GET (a server-sent stream) and DELETE (ending a session) have nothing
 * to serve without sessions; the function's route table answers them 405 with {@code Allow: POST}.
 *
 * <p>The body passes the REST API's checks first (415, 413, malformed JSON as problem documents); the JSON-RPC
 * itself is the SDK's to read and answer.
 */
final class ApiGatewayMcpTransport implements McpStatelessServerTransport, RouteHandler {

    /** Where a tool handler finds the HTTP call it runs in: caller, budget, request id, log facts. */
    static final String API_CALL = "io.agentmemory.functions.mcp.apiCall";

    private final McpJsonMapper json;
    private final ServerTransportSecurityValidator originCheck;
    private volatile McpStatelessServerHandler mcpHandler;

    /** @param allowedOrigins the web origins whose pages may call; a request from any other origin is refused */
    ApiGatewayMcpTransport(McpJsonMapper json, List<String> allowedOrigins) {
        this.json = json;
        this.originCheck = DefaultServerTransportSecurityValidator.builder().allowedOrigins(allowedOrigins).build();
    }

    @Override
    public void setMcpHandler(McpStatelessServerHandler mcpHandler) {
        this.mcpHandler = mcpHandler;
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty();
    }

    @Override
    public ApiResponse handle(ApiCall call) {
        requireAllowedOrigin(call.request());
        requireAcceptsJsonAndEventStream(call.request());
        JsonBodies.read(call.request(), JsonNode.class);
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(json, new String(call.request().body(), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return jsonRpcError(McpSchema.ErrorCodes.INVALID_REQUEST, "the body is not a JSON-RPC request or notification");
        }
        McpTransportContext context = McpTransportContext.create(Map.of(API_CALL, call));
        if (message instanceof McpSchema.JSONRPCRequest request) {
            call.facts().operation(request.method(), null);
            McpSchema.JSONRPCResponse response = mcpHandler.handleRequest(context, request)
                    .contextWrite(reactorContext -> reactorContext.put(McpTransportContext.KEY, context))
                    .block();
            return ApiResponse.ok(toTree(response));
        }
        if (message instanceof McpSchema.JSONRPCNotification notification) {
            call.facts().operation(notification.method(), null);
            mcpHandler.handleNotification(context, notification)
                    .contextWrite(reactorContext -> reactorContext.put(McpTransportContext.KEY, context))
                    .block();
            return new ApiResponse(202, null, Map.of());
        }
        return jsonRpcError(McpSchema.ErrorCodes.INVALID_REQUEST, "this server accepts requests and notifications only");
    }

    /**
     * The specification has servers check {@code Origin}: a web page the user happens to visit must not reach the
     * user's memories through their browser (DNS rebinding against the local runner, a stolen session elsewhere).
     * Desktop clients and agents send no {@code Origin}; the SDK's validator decides.
     */
    private void requireAllowedOrigin(ApiRequest request) {
        Optional<String> origin = request.header("origin");
        if (origin.isEmpty()) {
            return;
        }
        try {
            originCheck.validateHeaders(Map.of("Origin", List.of(origin.get())));
        } catch (ServerTransportSecurityException e) {
            throw new ApiProblemException(Problem.of(403, "forbidden-origin", "Forbidden",
                    "web pages from this origin may not call this server (see MCP_ALLOWED_ORIGINS)"));
        }
    }

    /** The specification has every POST accept both; a client that can't read either answer shape is told so. */
    private static void requireAcceptsJsonAndEventStream(ApiRequest request) {
        String accept = request.header("accept").orElse("");
        if (!accept.contains("application/json") || !accept.contains("text/event-stream")) {
            throw new ApiProblemException(Problem.of(406, "not-acceptable", "Not acceptable",
                    "an MCP client must accept both application/json and text/event-stream"));
        }
    }

    /** The SDK's own serialisation of its messages, handed on as a tree so the HTTP layer writes it unchanged. */
    private JsonNode toTree(McpSchema.JSONRPCResponse response) {
        try {
            return ApiJson.MAPPER.readTree(json.writeValueAsString(response));
        } catch (IOException e) {
            throw new IllegalStateException("the JSON-RPC response could not be written", e);
        }
    }

    /** JSON-RPC's answer to a message it can't read: there is no request id to answer to. */
    private static ApiResponse jsonRpcError(int code, String message) {
        ObjectNode body = ApiJson.MAPPER.createObjectNode().put("jsonrpc", McpSchema.JSONRPC_VERSION).putNull("id");
        body.putObject("error").put("code", code).put("message", message);
        return new ApiResponse(400, body, Map.of());
    }
}

package io.agentmemory.functions.mcp;

import io.agentmemory.engine.api.ValidationException;
import io.agentmemory.functions.auth.AccessPolicy;
import io.agentmemory.functions.http.ApiCall;
import io.agentmemory.functions.http.ApiRequest;
import io.agentmemory.functions.http.ApiResponse;
import io.agentmemory.functions.http.ErrorResponses;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a tool call as the REST route it stands for: the same handler, so the same validation, limits, identity
 * check, idempotency, engine call and log facts, and MCP and REST can't drift apart. What the route answers becomes
 * the tool's result; what it refuses becomes a tool error carrying the REST API's problem document.
 */
final class ToolCalls {

    /**
     * With {@code AUTH_MODE=off} (local runs) there is no token to say who the user is; a client may name a default
     * user once in its configuration instead of in every call. Ignored whenever JWTs are enforced.
     */
    static final String DEFAULT_USER_HEADER = "x-memory-user";

    private final AccessPolicy accessPolicy;

    ToolCalls(AccessPolicy accessPolicy) {
        this.accessPolicy = accessPolicy;
    }

    McpSchema.CallToolResult call(ApiCall mcpCall, String tool, ToolRoute route, Map<String, Object> arguments) {
        ApiResponse response;
        Map<String, String> pathParameters = Map.of();
        try {
            ApiCall restCall = restCall(mcpCall, route, new ToolArguments(arguments));
            pathParameters = restCall.pathParameters();
            response = route.handler().handle(restCall);
        } catch (RuntimeException failure) {
            response = ErrorResponses.toResponse(failure, mcpCall.request().requestId());
        }
        mcpCall.facts().operation("tools/call " + tool, response.status());
        return ToolResults.of(tool, response, pathParameters);
    }

    private ApiCall restCall(ApiCall mcpCall, ToolRoute route, ToolArguments arguments) {
        route.prepare().accept(arguments);
        Map<String, String> pathParameters = new LinkedHashMap<>();
        for (String name : route.pathParameters()) {
            pathParameters.put(name, name.equals(ToolDefinitions.USER_ID)
                    ? userId(mcpCall, arguments.takeText(name))
                    : arguments.takeText(name).orElseThrow(() -> ValidationException.of(name, "is required")));
        }
        Map<String, String> query = new LinkedHashMap<>();
        route.queryArguments().forEach(name -> arguments.takeQueryValue(name).ifPresent(value -> query.put(name, value)));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        route.headerArguments().forEach((argument, header) ->
                arguments.takeText(argument).ifPresent(value -> headers.put(header, value)));
        byte[] body = null;
        if (route.readsBody()) {
            body = arguments.remainingAsJsonBody();
        } else {
            arguments.requireNoneLeft();
        }
        ApiRequest outer = mcpCall.request();
        ApiRequest request = new ApiRequest(route.method(), route.path(pathParameters), headers, query, body,
                outer.requestId(), outer.claims(), outer.scopes());
        return new ApiCall(request, pathParameters, mcpCall.caller(), mcpCall.budget(), mcpCall.facts());
    }

    /** The token's subject by default; naming another user is allowed exactly as on the REST routes. */
    private String userId(ApiCall mcpCall, Optional<String> named) {
        String userId = named
                .or(() -> Optional.ofNullable(mcpCall.caller().subject()))
                .or(() -> accessPolicy.enforced() ? Optional.empty() : mcpCall.request().header(DEFAULT_USER_HEADER))
                .orElseThrow(() -> ValidationException.of(ToolDefinitions.USER_ID, "is required: this server runs "
                        + "without sign-in, so name the user here or in the " + DEFAULT_USER_HEADER + " header"));
        accessPolicy.requireAccessTo(mcpCall.caller(), userId);
        return userId;
    }
}

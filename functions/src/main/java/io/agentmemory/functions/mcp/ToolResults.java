package io.agentmemory.functions.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.functions.http.ApiJson;
import io.agentmemory.functions.http.ApiResponse;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A REST route's answer as a tool result: the body exactly as the REST API returns it as structured content (a
 * problem document for a failure, flagged as a tool error so the model sees it and can correct its call), and a
 * short text rendering for clients that show the model text only.
 */
final class ToolResults {

    private ToolResults() {
    }

    static McpSchema.CallToolResult of(String tool, ApiResponse response, Map<String, String> pathParameters) {
        JsonNode body = response.body() == null ? noContentBody(pathParameters) : ApiJson.MAPPER.valueToTree(response.body());
        boolean failed = response.status() >= 400;
        McpSchema.CallToolResult.Builder result = McpSchema.CallToolResult.builder()
                .structuredContent(body)
                .addTextContent(failed ? ToolText.problem(body) : ToolText.of(tool, body))
                .isError(failed);
        Map<String, Object> meta = meta(response);
        return (meta.isEmpty() ? result : result.meta(meta)).build();
    }

    /** A 204 (a deleted memory) still answers with an object: structured content must be one. */
    private static JsonNode noContentBody(Map<String, String> pathParameters) {
        ObjectNode body = ApiJson.MAPPER.createObjectNode();
        String memoryId = pathParameters.get("memoryId");
        if (memoryId != null) {
            body.put("memoryId", memoryId);
        }
        return body.put("deleted", true);
    }

    /** The response headers a REST client would act on, where an MCP client can read them. */
    private static Map<String, Object> meta(ApiResponse response) {
        Map<String, Object> meta = new LinkedHashMap<>();
        if ("true".equals(response.headers().get("idempotent-replayed"))) {
            meta.put("idempotentReplayed", true);
        }
        String retryAfter = response.headers().get("retry-after");
        if (retryAfter != null) {
            meta.put("retryAfterSeconds", Integer.parseInt(retryAfter));
        }
        return meta;
    }
}

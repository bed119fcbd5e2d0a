package io.agentmemory.functions.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools as a client lists them, read from {@code mcp/memory-tools.json}: names, descriptions and input schemas
 * live in one JSON file an editor can check, not in Java strings. Every tool gets the same optional {@code userId}
 * here, written inline rather than as a {@code $ref}, which not every client resolves.
 */
final class ToolDefinitions {

    static final String RESOURCE = "/mcp/memory-tools.json";
    static final String USER_ID = "userId";

    private static final Map<String, Object> USER_ID_SCHEMA = Map.of(
            "type", "string",
            "maxLength", io.agentmemory.engine.api.Limits.USER_ID_MAX,
            "description", "Whose memories. Omit to use the signed-in user; another user needs the memory/admin scope.");

    private ToolDefinitions() {
    }

    static List<McpSchema.Tool> load(McpJsonMapper json) {
        try (InputStream in = ToolDefinitions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the artifact");
            }
            List<McpSchema.Tool> tools = json.readValue(in.readAllBytes(), new TypeRef<List<McpSchema.Tool>>() {
            });
            return tools.stream().map(ToolDefinitions::withUserId).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static McpSchema.Tool withUserId(McpSchema.Tool tool) {
        Map<String, Object> schema = new LinkedHashMap<>(tool.inputSchema());
        Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) schema.getOrDefault("properties", Map.of()));
        properties.put(USER_ID, USER_ID_SCHEMA);
        schema.put("properties", properties);
        return McpSchema.Tool.builder(tool.name(), schema)
                .title(tool.title())
                .description(tool.description())
                .annotations(tool.annotations())
                .build();
    }
}

package io.agentmemory.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The HTTP response an HTTP API makes of a function's output (payload format 2.0): {@code statusCode},
 * {@code headers}, {@code cookies} (one {@code set-cookie} each) and {@code body}, base64-decoded when
 * {@code isBase64Encoded}. Output without a {@code statusCode} is taken as a 200 JSON body, as the gateway does.
 */
public record GatewayResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    public static GatewayResponse fromLambdaOutput(byte[] output, ObjectMapper json) {
        JsonNode root;
        try {
            root = json.readTree(output);
        } catch (IOException e) {
            return internalServerError();
        }
        if (root == null || !root.isObject() || !root.has("statusCode")) {
            return new GatewayResponse(200, List.of(Map.entry("content-type", "application/json")), output);
        }
        int status = root.path("statusCode").asInt(-1);
        if (status < 100 || status > 599) {
            return internalServerError();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        root.path("headers").properties().forEach(h -> headers.add(Map.entry(h.getKey(), h.getValue().asText())));
        root.path("cookies").forEach(cookie -> headers.add(Map.entry("set-cookie", cookie.asText())));
        JsonNode bodyNode = root.path("body");
        byte[] body = new byte[0];
        if (bodyNode.isTextual()) {
            // Jackson writes the flag as "isBase64Encoded" or, from a bean getter, "base64Encoded".
            boolean base64 = root.path("isBase64Encoded").asBoolean(root.path("base64Encoded").asBoolean(false));
            try {
                body = base64 ? Base64.getDecoder().decode(bodyNode.asText())
                        : bodyNode.asText().getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return internalServerError();
            }
        }
        return new GatewayResponse(status, headers, body);
    }

    /** What an HTTP API answers when the invocation failed or its output is not a valid response. */
    public static GatewayResponse internalServerError() {
        return new GatewayResponse(500, List.of(Map.entry("content-type", "application/json")),
                "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
    }

    /** An API Gateway-level error (no route, oversized request) as {@code application/problem+json}. */
    public static GatewayResponse problem(int status, String title, String detail, ObjectMapper json) {
        ObjectNode problem = json.createObjectNode();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        return new GatewayResponse(status, List.of(Map.entry("content-type", "application/problem+json")),
                problem.toString().getBytes(StandardCharsets.UTF_8));
    }
}

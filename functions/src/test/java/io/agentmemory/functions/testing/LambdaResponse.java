package io.agentmemory.functions.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** An API Gateway v2 response as the function wrote it to Lambda's output stream. */
public record LambdaResponse(int status, Map<String, String> headers, String rawBody, JsonNode raw) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static LambdaResponse parse(byte[] output) {
        try {
            JsonNode raw = JSON.readTree(output);
            Map<String, String> headers = new LinkedHashMap<>();
            raw.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
            String body = raw.path("body").isNull() || raw.path("body").isMissingNode() ? null : raw.path("body").asText();
            return new LambdaResponse(raw.path("statusCode").asInt(), headers, body, raw);
        } catch (IOException e) {
            throw new IllegalStateException("function output is not JSON: " + new String(output), e);
        }
    }

    public JsonNode body() {
        try {
            return rawBody == null ? JSON.missingNode() : JSON.readTree(rawBody);
        } catch (IOException e) {
            throw new IllegalStateException("response body is not JSON: " + rawBody, e);
        }
    }

    public String contentType() {
        return headers.get("content-type");
    }
}

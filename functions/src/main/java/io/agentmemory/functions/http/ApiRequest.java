package io.agentmemory.functions.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an API Gateway HTTP API (payload format 2.0) event the routes use. Read from the raw event tree
 * rather than a bound event class, so an odd or partial event becomes a clear 400, never a mapping failure.
 */
public record ApiRequest(String method, String path, Map<String, String> headers, Map<String, String> query,
                         byte[] body, String requestId, Map<String, String> claims, List<String> scopes) {

    public static ApiRequest from(JsonNode event) {
        JsonNode http = event.path("requestContext").path("http");
        String method = http.path("method").asText("").toUpperCase(Locale.ROOT);
        String path = event.path("rawPath").asText(http.path("path").asText(""));
        Map<String, String> headers = new LinkedHashMap<>();
        event.path("headers").properties().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
        Map<String, String> query = new LinkedHashMap<>();
        event.path("queryStringParameters").properties().forEach(e -> query.put(e.getKey(), e.getValue().asText()));
        JsonNode jwt = event.path("requestContext").path("authorizer").path("jwt");
        Map<String, String> claims = new LinkedHashMap<>();
        jwt.path("claims").properties().forEach(e -> claims.put(e.getKey(),
                e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        List<String> scopes = new ArrayList<>();
        jwt.path("scopes").forEach(s -> scopes.add(s.asText()));
        return new ApiRequest(method, path, headers, query, bodyOf(event),
                event.path("requestContext").path("requestId").asText(null), claims, scopes);
    }

    private static byte[] bodyOf(JsonNode event) {
        JsonNode body = event.path("body");
        if (!body.isTextual()) {
            return null;
        }
        if (event.path("isBase64Encoded").asBoolean(false)) {
            try {
                return Base64.getDecoder().decode(body.asText());
            } catch (IllegalArgumentException e) {
                throw ApiProblemException.badRequest("body is marked base64 but is not valid base64");
            }
        }
        return body.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public boolean hasIdentity() {
        return !claims.isEmpty();
    }

    public int bodyLength() {
        return body == null ? 0 : body.length;
    }
}

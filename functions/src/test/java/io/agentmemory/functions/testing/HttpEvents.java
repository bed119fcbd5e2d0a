package io.agentmemory.functions.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds API Gateway HTTP API (payload format 2.0) events exactly as the gateway sends them, including the JWT
 * authorizer's claims, so tests exercise the handler with the real event format.
 */
public final class HttpEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private String body;
    private boolean base64;
    private String subject;
    private List<String> scopes = List.of();

    private HttpEvents(String method, String path) {
        this.method = method;
        this.path = path;
        headers.put("content-type", "application/json");
        headers.put("user-agent", "memory-tests");
    }

    public static HttpEvents request(String method, String path) {
        return new HttpEvents(method, path);
    }

    public static HttpEvents post(String path, String jsonBody) {
        return new HttpEvents("POST", path).body(jsonBody);
    }

    public static HttpEvents get(String path) {
        return new HttpEvents("GET", path);
    }

    public HttpEvents body(String value) {
        body = value;
        base64 = false;
        return this;
    }

    public HttpEvents base64Body(byte[] value) {
        body = Base64.getEncoder().encodeToString(value);
        base64 = true;
        return this;
    }

    public HttpEvents header(String name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        return this;
    }

    public HttpEvents query(String name, String value) {
        query.put(name, value);
        return this;
    }

    /** The caller's token subject; tests call {@code as(userId)} for a user acting on their own memories. */
    public HttpEvents as(String sub, String... tokenScopes) {
        subject = sub;
        scopes = List.of(tokenScopes);
        return this;
    }

    public byte[] bytes() {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        StringBuilder raw = new StringBuilder();
        query.forEach((k, v) -> raw.append(raw.isEmpty() ? "" : "&").append(k).append('=').append(v));
        event.put("rawQueryString", raw.toString());
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        if (!query.isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "123456789012");
        context.put("apiId", "api1234567");
        context.put("domainName", "api1234567.execute-api.eu-west-1.amazonaws.com");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("timeEpoch", Instant.now().toEpochMilli());
        context.putObject("http").put("method", method).put("path", path).put("protocol", "HTTP/1.1")
                .put("sourceIp", "203.0.113.10").put("userAgent", "memory-tests");
        if (subject != null) {
            ObjectNode jwt = context.putObject("authorizer").putObject("jwt");
            jwt.putObject("claims").put("sub", subject).put("iss", "https://issuer.example.test/")
                    .put("aud", "memory-api").put("exp", String.valueOf(Instant.now().plusSeconds(3600).getEpochSecond()));
            ArrayNode scopeNode = jwt.putArray("scopes");
            scopes.forEach(scopeNode::add);
        }
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", base64);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }
}

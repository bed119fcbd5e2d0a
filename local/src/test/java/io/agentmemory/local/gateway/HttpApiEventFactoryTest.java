package io.agentmemory.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.local.template.HttpRoute;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpApiEventFactoryTest {

    private final HttpApiEventFactory events = new HttpApiEventFactory();
    private final ApiRouter router = new ApiRouter(List.of(
            new HttpRoute("GET", "/v1/users/{userId}/memories", "List", "L"),
            new HttpRoute("POST", "/v1/users/{userId}/memories", "Add", "A")));

    private JsonNode event(String method, String path, String query, List<Map.Entry<String, String>> headers, byte[] body) {
        GatewayRequest request = new GatewayRequest(method, path, query, headers, body, "127.0.0.1", "HTTP/1.1");
        return events.create(request, router.match(method, path).orElseThrow());
    }

    @Test
    void buildsAPayloadFormat2EventForTheMatchedRoute() {
        JsonNode event = event("GET", "/v1/users/user-123/memories", "limit=20&cursor=abc%3D%3D&tag=a&tag=b",
                List.of(Map.entry("Host", "127.0.0.1:3000"), Map.entry("User-Agent", "curl/8.5.0"),
                        Map.entry("X-Trace", "one"), Map.entry("x-trace", "two"), Map.entry("Cookie", "a=1; b=2")),
                new byte[0]);

        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("routeKey").asText()).isEqualTo("GET /v1/users/{userId}/memories");
        assertThat(event.path("rawPath").asText()).isEqualTo("/v1/users/user-123/memories");
        assertThat(event.path("rawQueryString").asText()).isEqualTo("limit=20&cursor=abc%3D%3D&tag=a&tag=b");
        assertThat(event.path("queryStringParameters").toString())
                .isEqualTo("{\"limit\":\"20\",\"cursor\":\"abc==\",\"tag\":\"a,b\"}");
        assertThat(event.path("headers").toString())
                .isEqualTo("{\"host\":\"127.0.0.1:3000\",\"user-agent\":\"curl/8.5.0\",\"x-trace\":\"one,two\"}");
        assertThat(event.path("cookies").toString()).isEqualTo("[\"a=1\",\"b=2\"]");
        assertThat(event.path("pathParameters").toString()).isEqualTo("{\"userId\":\"user-123\"}");
        assertThat(event.has("body")).isFalse();
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();

        JsonNode context = event.path("requestContext");
        assertThat(context.path("routeKey").asText()).isEqualTo("GET /v1/users/{userId}/memories");
        assertThat(context.path("stage").asText()).isEqualTo("$default");
        assertThat(context.path("domainName").asText()).isEqualTo("127.0.0.1:3000");
        assertThat(context.path("http").path("method").asText()).isEqualTo("GET");
        assertThat(context.path("http").path("path").asText()).isEqualTo("/v1/users/user-123/memories");
        assertThat(context.path("http").path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(context.path("http").path("userAgent").asText()).isEqualTo("curl/8.5.0");
        assertThat(context.path("requestId").asText()).isNotBlank();
        assertThat(context.path("time").asText()).matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
        assertThat(context.path("timeEpoch").asLong()).isPositive();
        assertThat(context.has("authorizer")).isFalse();
    }

    @Test
    void sendsUtf8JsonAsTextAndEverythingElseAsBase64() {
        String json = "{\"messages\":[{\"role\":\"user\",\"content\":\"Je suis végétarien 🌱\"}]}";
        JsonNode text = event("POST", "/v1/users/u/memories", "",
                List.of(Map.entry("Content-Type", "application/json; charset=utf-8")), json.getBytes(StandardCharsets.UTF_8));
        assertThat(text.path("body").asText()).isEqualTo(json);
        assertThat(text.path("isBase64Encoded").asBoolean()).isFalse();

        byte[] latin1 = "végétarien".getBytes(StandardCharsets.ISO_8859_1);
        JsonNode notUtf8 = event("POST", "/v1/users/u/memories", "", List.of(Map.entry("content-type", "application/json")), latin1);
        assertThat(notUtf8.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(notUtf8.path("body").asText())).isEqualTo(latin1);

        byte[] binary = {0, 1, 2, (byte) 0xff};
        JsonNode octets = event("POST", "/v1/users/u/memories", "", List.of(Map.entry("content-type", "application/octet-stream")), binary);
        assertThat(octets.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(octets.path("body").asText())).isEqualTo(binary);
    }
}

package io.agentmemory.local.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayResponseTest {

    private final ObjectMapper json = new ObjectMapper();

    private GatewayResponse of(String output) {
        return GatewayResponse.fromLambdaOutput(output.getBytes(StandardCharsets.UTF_8), json);
    }

    @Test
    void takesStatusHeadersCookiesAndBodyFromAStructuredResponse() {
        GatewayResponse response = of("""
                {"statusCode":201,"headers":{"content-type":"application/json","x-count":3},
                 "cookies":["a=1; Secure","b=2"],"body":"{\\"ok\\":true}","isBase64Encoded":false}""");
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.headers()).containsExactly(Map.entry("content-type", "application/json"),
                Map.entry("x-count", "3"), Map.entry("set-cookie", "a=1; Secure"), Map.entry("set-cookie", "b=2"));
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
    }

    @Test
    void decodesABase64Body() {
        GatewayResponse response = of("{\"statusCode\":200,\"body\":\"AAH/\",\"isBase64Encoded\":true}");
        assertThat(response.body()).containsExactly(0, 1, 0xff);
    }

    @Test
    void readsTheFlagUnderTheNameABeanSerialiserGivesIt() {
        GatewayResponse response = of("{\"statusCode\":200,\"body\":\"aGk=\",\"base64Encoded\":true}");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("hi");
    }

    @Test
    void answersWithNoContentWhenThereIsNoBody() {
        GatewayResponse response = of("{\"statusCode\":204,\"headers\":{\"cache-control\":\"no-store\"}}");
        assertThat(response.status()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void infersA200JsonResponseFromOutputWithoutAStatusCode() {
        GatewayResponse response = of("{\"results\":[]}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsExactly(Map.entry("content-type", "application/json"));
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"results\":[]}");
    }

    @Test
    void turnsInvalidOutputIntoTheGatewaysInternalServerError() {
        assertThat(of("not json").status()).isEqualTo(500);
        assertThat(of("{\"statusCode\":42}").status()).isEqualTo(500);
        assertThat(new String(of("{\"statusCode\":200,\"body\":\"%%%\",\"isBase64Encoded\":true}").body(),
                StandardCharsets.UTF_8)).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }
}

package io.agentmemory.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link ApiResponse} as the API Gateway v2 response Lambda returns: status, headers (never cached by
 * intermediaries; JSON when there is a body) and the body serialised as JSON text once. A cached search result's
 * hits go into that text as stored (see {@code SearchResult}).
 */
final class GatewayResponses {

    private GatewayResponses() {
    }

    /** The response's JSON, as the Lambda handler writes it to its output. */
    static byte[] bytes(ApiResponse response) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = ApiJson.MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("statusCode", response.status());
            json.writeObjectFieldStart("headers");
            for (Map.Entry<String, String> header : headers(response).entrySet()) {
                json.writeStringField(header.getKey(), header.getValue());
            }
            json.writeEndObject();
            String body = body(response);
            if (body != null) {
                json.writeStringField("body", body);
            }
            json.writeBooleanField("isBase64Encoded", false);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("the response could not be written", e);
        }
        return out.toByteArray();
    }

    /** The same response as the event class Spring Cloud Function's adapter serialises. */
    static APIGatewayV2HTTPResponse toGatewayResponse(ApiResponse response) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(headers(response))
                .withBody(body(response))
                .withIsBase64Encoded(false)
                .build();
    }

    private static Map<String, String> headers(ApiResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("cache-control", "no-store");
        if (response.body() != null) {
            headers.put("content-type", "application/json");
        }
        headers.putAll(response.headers());
        return headers;
    }

    private static String body(ApiResponse response) {
        if (response.body() == null) {
            return null;
        }
        try {
            return ApiJson.MAPPER.writeValueAsString(response.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response body could not be serialised", e);
        }
    }
}

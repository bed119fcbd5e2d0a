package io.agentmemory.functions.snapstart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.functions.http.ApiJson;

import java.util.UUID;

/** API Gateway HTTP API (2.0) events made in-process, for priming: the same shape the gateway sends. */
final class SyntheticEvents {

    private SyntheticEvents() {
    }

    static byte[] httpEvent(String method, String path, String body, String subject) {
        ObjectNode event = ApiJson.MAPPER.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        event.putObject("headers").put("content-type", "application/json");
        ObjectNode context = event.putObject("requestContext");
        context.put("requestId", "priming-" + UUID.randomUUID());
        context.putObject("http").put("method", method).put("path", path);
        context.putObject("authorizer").putObject("jwt").putObject("claims").put("sub", subject);
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        try {
            return ApiJson.MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

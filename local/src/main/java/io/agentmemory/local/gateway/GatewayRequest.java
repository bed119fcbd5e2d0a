package io.agentmemory.local.gateway;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as it reached the gateway, before it becomes an event: the path and query exactly as sent,
 * headers in arrival order with repeats kept.
 */
public record GatewayRequest(String method, String rawPath, String rawQueryString, List<Map.Entry<String, String>> headers,
                             byte[] body, String sourceIp, String protocol) {

    public GatewayRequest {
        rawQueryString = rawQueryString == null ? "" : rawQueryString;
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }
}

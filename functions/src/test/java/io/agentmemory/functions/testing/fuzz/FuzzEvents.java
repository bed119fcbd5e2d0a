package io.agentmemory.functions.testing.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.functions.gateway.HttpApiEvent;

/** The valid event each defect starts from, as the gateway sends it, with a JWT authorizer's claims. */
public final class FuzzEvents {

    private FuzzEvents() {
    }

    public static ObjectNode event(String method, String path, String contentType, String body, boolean base64, String subject) {
        HttpApiEvent event = HttpApiEvent.request(method, path).header("content-type", contentType).header("user-agent", "fuzz");
        if (subject != null) {
            event.as(subject);
        }
        if (body != null && base64) {
            event.base64Body(body);
        } else if (body != null) {
            event.body(body);
        }
        return event.toJson();
    }
}

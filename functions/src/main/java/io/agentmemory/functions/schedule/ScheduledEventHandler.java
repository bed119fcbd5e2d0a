package io.agentmemory.functions.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.functions.http.ApiResponse;
import io.agentmemory.functions.observability.InvocationFacts;

import java.time.Duration;

/** Work a function does when EventBridge's scheduler, not a client, invokes it. */
@FunctionalInterface
public interface ScheduledEventHandler {

    ApiResponse handle(Duration budget, InvocationFacts facts);

    static boolean isScheduledEvent(JsonNode event) {
        return "aws.events".equals(event.path("source").asText()) && event.has("detail-type")
                && !event.has("requestContext");
    }
}

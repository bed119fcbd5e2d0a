package io.agentmemory.functions.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.functions.observability.InvocationFacts;

import java.time.Duration;

/** Work a function does when EventBridge's scheduler, not a client, invokes it. */
@FunctionalInterface
public interface ScheduledEventHandler {

    /** What the run did, answered as the invocation's 200 body. */
    Object handle(Duration budget, InvocationFacts facts);

    static boolean isScheduledEvent(JsonNode event) {
        return "aws.events".equals(event.path("source").asText()) && event.has("detail-type")
                && !event.has("requestContext");
    }
}

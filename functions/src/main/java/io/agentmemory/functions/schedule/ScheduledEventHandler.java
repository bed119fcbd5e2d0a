package io.agentmemory.functions.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.functions.observability.InvocationFacts;

import java.time.Duration;

/**
 * Work a function does when a schedule, not a client, invokes it. A run that cannot finish throws; the function
 * rethrows it as {@link ScheduledRunFailedException} so the invocation fails.
 */
@FunctionalInterface
public interface ScheduledEventHandler {

    /** What the run did, answered as the invocation's 200 body. */
    Object handle(Duration budget, InvocationFacts facts);

    /**
     * An EventBridge Scheduler run (the template's ScheduleV2 sends {@code "source": "aws.scheduler"}) or an
     * EventBridge rule's scheduled event ({@code "aws.events"}), never an HTTP API event.
     */
    static boolean isScheduledEvent(JsonNode event) {
        String source = event.path("source").asText();
        return ("aws.scheduler".equals(source) || "aws.events".equals(source)) && event.has("detail-type")
                && !event.has("requestContext");
    }
}

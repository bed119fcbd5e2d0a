package io.agentmemory.functions.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.functions.auth.AccessPolicy;
import io.agentmemory.functions.auth.Caller;
import io.agentmemory.functions.observability.EnvironmentStart;
import io.agentmemory.functions.observability.InvocationFacts;
import io.agentmemory.functions.observability.InvocationLog;
import io.agentmemory.functions.schedule.ScheduledEventHandler;
import io.agentmemory.functions.schedule.ScheduledRunFailedException;
import org.springframework.messaging.Message;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The shape every HTTP function shares: API Gateway v2 event in, API Gateway v2 response out, with routing,
 * identity, error mapping and the invocation's log line done once here so route handlers stay one engine call.
 *
 * <p>The input is the raw event ({@code Message<byte[]>}): binding it to an event class inside the framework
 * would turn a malformed event into an invocation error instead of a 400 we control.
 */
public class HttpFunction implements Function<Message<byte[]>, APIGatewayV2HTTPResponse> {

    /** Lambda must still serialise and return the answer after the engine gives up. */
    private static final Duration RESPONSE_MARGIN = Duration.ofMillis(500);

    private final String name;
    private final RouteTable routes;
    private final AccessPolicy accessPolicy;
    private final Duration requestTimeout;
    private final ScheduledEventHandler scheduledEvents;

    public HttpFunction(String name, RouteTable routes, AccessPolicy accessPolicy, Duration requestTimeout) {
        this(name, routes, accessPolicy, requestTimeout, null);
    }

    public HttpFunction(String name, RouteTable routes, AccessPolicy accessPolicy, Duration requestTimeout,
                        ScheduledEventHandler scheduledEvents) {
        this.name = name;
        this.routes = routes;
        this.accessPolicy = accessPolicy;
        this.requestTimeout = requestTimeout;
        this.scheduledEvents = scheduledEvents;
    }

    public RouteTable routes() {
        return routes;
    }

    @Override
    public APIGatewayV2HTTPResponse apply(Message<byte[]> message) {
        long started = System.nanoTime();
        // The adapter copies the request's HTTP headers into the message headers after setting its own, so a client
        // header named "aws-context" replaces the Lambda context with a string: read it defensively, never by type.
        Context context = message.getHeaders().get("aws-context") instanceof Context lambdaContext ? lambdaContext : null;
        Duration budget = budget(context);
        InvocationFacts facts = new InvocationFacts();
        if (context != null) {
            // Only invocations from Lambda count: priming during init has no Lambda context.
            facts.environmentStart(EnvironmentStart.takeUnreported());
        }
        String requestId = context != null ? context.getAwsRequestId() : null;
        String route = "unmatched";
        ApiResponse response;
        RuntimeException scheduledRunFailure = null;
        try {
            JsonNode event = parseEvent(message.getPayload());
            if (scheduledEvents != null && ScheduledEventHandler.isScheduledEvent(event)) {
                route = "schedule";
                response = ApiResponse.ok(scheduledEvents.handle(budget, facts));
            } else {
                ApiRequest request = ApiRequest.from(event);
                if (requestId == null) {
                    requestId = request.requestId() != null ? request.requestId() : UUID.randomUUID().toString();
                }
                RouteTable.Match match;
                try {
                    match = routes.match(request.method(), request.path());
                } catch (ApiProblemException unrouted) {
                    // Without an authorizer in front, a caller without a token learns no more of a path (a 405's
                    // Allow) than of anything else: 401 first.
                    accessPolicy.identify(request.claims(), request.scopes());
                    throw unrouted;
                }
                route = match.route().key();
                Caller caller = accessPolicy.identify(request.claims(), request.scopes());
                String userId = match.pathParameters().get("userId");
                if (userId != null) {
                    accessPolicy.requireAccessTo(caller, userId);
                }
                response = match.route().handler().handle(new ApiCall(request, match.pathParameters(), caller, budget, facts));
            }
        } catch (RuntimeException failure) {
            response = ErrorResponses.toResponse(failure, requestId);
            if (route.equals("schedule")) {
                scheduledRunFailure = failure;
            }
        }
        APIGatewayV2HTTPResponse answer = toGatewayResponse(response);
        InvocationLog.record(name, requestId, route, response.status(), (System.nanoTime() - started) / 1e6, facts);
        if (scheduledRunFailure != null) {
            throw new ScheduledRunFailedException(name, scheduledRunFailure);
        }
        return answer;
    }

    private Duration budget(Context context) {
        if (context == null || context.getRemainingTimeInMillis() <= 0) {
            return requestTimeout;
        }
        Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RESPONSE_MARGIN);
        Duration atLeast = Duration.ofMillis(100);
        return remaining.compareTo(requestTimeout) < 0 ? (remaining.compareTo(atLeast) < 0 ? atLeast : remaining) : requestTimeout;
    }

    private static JsonNode parseEvent(byte[] payload) {
        try {
            JsonNode event = ApiJson.MAPPER.readTree(payload);
            if (event == null || !event.isObject()) {
                throw ApiProblemException.badRequest("the event is not an API Gateway HTTP API event");
            }
            return event;
        } catch (IOException e) {
            throw ApiProblemException.badRequest("the event is not valid JSON");
        }
    }

    private static APIGatewayV2HTTPResponse toGatewayResponse(ApiResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("cache-control", "no-store");
        String body = null;
        if (response.body() != null) {
            headers.put("content-type", "application/json");
            try {
                body = ApiJson.MAPPER.writeValueAsString(response.body());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("response body could not be serialised", e);
            }
        }
        headers.putAll(response.headers());
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }
}

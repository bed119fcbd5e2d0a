package io.agentmemory.functions.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
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
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

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

    private static final String NOT_AN_EVENT = "the event is not an API Gateway HTTP API event";

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

    /**
     * The invocation as the Lambda handler receives it ({@code MemoryFunctionInvoker}): the event's bytes, parsed
     * once, straight into what the routes need; the API Gateway response written to {@code output}.
     */
    public void handle(byte[] event, Context context, OutputStream output) throws IOException {
        InvocationFacts facts = new InvocationFacts();
        facts.eventIn();
        Invocation invocation = invoke(() -> parseEvent(event, true), context, facts);
        byte[] response = GatewayResponses.bytes(invocation.response());
        if (invocation.scheduledRunFailure() == null) {
            // A failed scheduled run answers nothing that could pass for a result: it fails the invocation (below).
            output.write(response);
        }
        facts.responseOut();
        finish(invocation, facts);
    }

    /** The same invocation through Spring Cloud Function's message conversion (priming and any other caller of the bean). */
    @Override
    public APIGatewayV2HTTPResponse apply(Message<byte[]> message) {
        InvocationFacts facts = new InvocationFacts();
        facts.eventIn();
        // The adapter copies the request's HTTP headers into the message headers after setting its own, so a client
        // header named "aws-context" replaces the Lambda context with a string: read it defensively, never by type.
        Context context = message.getHeaders().get("aws-context") instanceof Context lambdaContext ? lambdaContext : null;
        Invocation invocation = invoke(() -> parseEvent(message.getPayload(), false), context, facts);
        APIGatewayV2HTTPResponse answer = GatewayResponses.toGatewayResponse(invocation.response());
        facts.responseOut();
        finish(invocation, facts);
        return answer;
    }

    /** What one invocation answered, and what its log line and the scheduled run's outcome need. */
    private record Invocation(long startedNanos, String requestId, String route, ApiResponse response,
                              RuntimeException scheduledRunFailure) {
    }

    private Invocation invoke(Supplier<JsonNode> eventParser, Context context, InvocationFacts facts) {
        long started = System.nanoTime();
        Duration budget = budget(context);
        if (context != null) {
            // Only invocations from Lambda count: priming during init has no Lambda context.
            facts.environmentStart(EnvironmentStart.takeUnreported());
        }
        String requestId = context != null ? context.getAwsRequestId() : null;
        String route = "unmatched";
        ApiResponse response;
        RuntimeException scheduledRunFailure = null;
        try {
            JsonNode event = eventParser.get();
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
        return new Invocation(started, requestId, route, response, scheduledRunFailure);
    }

    private void finish(Invocation invocation, InvocationFacts facts) {
        InvocationLog.record(name, invocation.requestId(), invocation.route(), invocation.response().status(),
                (System.nanoTime() - invocation.startedNanos()) / 1e6, facts);
        if (invocation.scheduledRunFailure() != null) {
            throw new ScheduledRunFailedException(name, invocation.scheduledRunFailure());
        }
    }

    private Duration budget(Context context) {
        if (context == null || context.getRemainingTimeInMillis() <= 0) {
            return requestTimeout;
        }
        Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(RESPONSE_MARGIN);
        Duration atLeast = Duration.ofMillis(100);
        return remaining.compareTo(requestTimeout) < 0 ? (remaining.compareTo(atLeast) < 0 ? atLeast : remaining) : requestTimeout;
    }

    /**
     * The event as a JSON object. Read straight from Lambda's bytes it must be strict UTF-8 first (Jackson alone
     * lets encoded surrogates through); a {@code headers} that is not an object is no API Gateway event either.
     */
    private static JsonNode parseEvent(byte[] payload, boolean checkEncoding) {
        try {
            if (checkEncoding) {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload));
            }
            JsonNode event = ApiJson.MAPPER.readTree(payload);
            if (event == null || !event.isObject() || (event.has("headers") && !event.get("headers").isObject())) {
                throw ApiProblemException.badRequest(NOT_AN_EVENT);
            }
            return event;
        } catch (CharacterCodingException e) {
            throw ApiProblemException.badRequest(NOT_AN_EVENT);
        } catch (IOException e) {
            throw ApiProblemException.badRequest("the event is not valid JSON");
        }
    }
}

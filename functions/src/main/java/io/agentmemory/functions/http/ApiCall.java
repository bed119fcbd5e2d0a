package io.agentmemory.functions.http;

import io.agentmemory.functions.auth.Caller;
import io.agentmemory.functions.observability.InvocationFacts;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;

/**
 * Everything a route handler may use: the request, its path parameters, who is calling, how long the engine may
 * take before the function must answer, and where to note what happened for the invocation's log line.
 */
public record ApiCall(ApiRequest request, Map<String, String> pathParameters, Caller caller, Duration budget,
                      InvocationFacts facts) {

    /** Waits for an engine call within the budget; its cache, model and database time go into the log line. */
    public <T> T await(Mono<T> engineCall) {
        return facts.await(engineCall, budget);
    }

    public String pathParameter(String name) {
        return pathParameters.get(name);
    }
}

package io.agentmemory.functions.http;

import io.agentmemory.engine.api.IdempotencyConflictException;
import io.agentmemory.engine.api.MemoryNotFoundException;
import io.agentmemory.engine.api.StoreUnavailableException;
import io.agentmemory.engine.api.ValidationException;
import io.agentmemory.functions.auth.ForbiddenException;
import io.agentmemory.functions.auth.NotAuthenticatedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Maps every failure to a problem response. Engine exceptions are errors users can act on; anything else is a
 * bug or an outage and is answered without internals (the request id lets operators find the log line).
 */
public final class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    /** Long enough for a pool to reconnect or a failover to finish, short enough for an agent's turn. */
    public static final String RETRY_AFTER_SECONDS = "2";

    private ErrorResponses() {
    }

    public static ApiResponse toResponse(Throwable failure, String requestId) {
        Throwable error = unwrap(failure);
        if (error instanceof ApiProblemException problem) {
            return problemResponse(problem.problem(), problem.headers());
        }
        if (error instanceof NotAuthenticatedException unauthenticated) {
            return problemResponse(Problem.of(401, "unauthorized", "Unauthorized", unauthenticated.getMessage()),
                    Map.of("www-authenticate", "Bearer"));
        }
        if (error instanceof ForbiddenException forbidden) {
            return problemResponse(Problem.of(403, "forbidden", "Forbidden", forbidden.getMessage()), Map.of());
        }
        if (error instanceof ValidationException invalid) {
            return problemResponse(Problem.of(400, "validation", "Invalid request", invalid.getMessage())
                    .withErrors(invalid.errors()), Map.of());
        }
        if (error instanceof MemoryNotFoundException) {
            return problemResponse(Problem.of(404, "memory-not-found", "Memory not found",
                    "this user has no memory with that id"), Map.of());
        }
        if (error instanceof IdempotencyConflictException) {
            return problemResponse(Problem.of(409, "idempotency-conflict", "Idempotency key reused",
                    "this Idempotency-Key was already used with a different request body"), Map.of());
        }
        if (error instanceof StoreUnavailableException || error instanceof TimeoutException) {
            LOG.warn("request {} answered 503: {}", requestId, error.getClass().getSimpleName());
            return problemResponse(Problem.of(503, "unavailable", "Service unavailable",
                    "the memory store is unreachable right now; retry shortly"), Map.of("retry-after", RETRY_AFTER_SECONDS));
        }
        LOG.error("request {} failed unexpectedly", requestId, error);
        return problemResponse(Problem.of(500, "internal", "Internal error",
                "the request failed unexpectedly; quote request id " + requestId), Map.of());
    }

    public static ApiResponse problemResponse(Problem problem, Map<String, String> headers) {
        ApiResponse response = new ApiResponse(problem.status(), problem, Map.of("content-type", "application/problem+json"));
        for (var header : headers.entrySet()) {
            response = response.withHeader(header.getKey(), header.getValue());
        }
        return response;
    }

    /** Blocking on a Mono wraps a checked exception (the budget's TimeoutException) in Reactor's own type. */
    private static Throwable unwrap(Throwable failure) {
        Throwable error = Exceptions.unwrap(failure);
        while (error instanceof ExecutionException && error.getCause() != null) {
            error = Exceptions.unwrap(error.getCause());
        }
        return error;
    }
}

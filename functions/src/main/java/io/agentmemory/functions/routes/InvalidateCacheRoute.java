package io.agentmemory.functions.routes;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.SweepReport;
import io.agentmemory.functions.http.ApiCall;
import io.agentmemory.functions.http.ApiResponse;
import io.agentmemory.functions.http.RouteHandler;
import io.agentmemory.functions.observability.InvocationFacts;
import io.agentmemory.functions.schedule.ScheduledEventHandler;

import java.time.Duration;
import java.util.Map;

/**
 * {@code POST /v1/users/{userId}/cache/invalidate} drops a user's cached results; the schedule runs the sweep
 * (expired memories and idempotency keys, invalidations the cache missed while it was down). Both finish before
 * answering: work left after the response is frozen with the execution environment and may never run.
 */
public final class InvalidateCacheRoute implements RouteHandler, ScheduledEventHandler {

    private final MemoryEngine engine;

    public InvalidateCacheRoute(MemoryEngine engine) {
        this.engine = engine;
    }

    @Override
    public ApiResponse handle(ApiCall call) {
        String userId = call.pathParameter("userId");
        call.await(engine.invalidate(userId));
        return ApiResponse.ok(Map.of("userId", userId, "invalidated", true));
    }

    @Override
    public SweepReport handle(Duration budget, InvocationFacts facts) {
        SweepReport report = facts.await(engine.sweep(), budget);
        facts.results((int) Math.min(Integer.MAX_VALUE, report.expiredMemories()));
        return report;
    }
}

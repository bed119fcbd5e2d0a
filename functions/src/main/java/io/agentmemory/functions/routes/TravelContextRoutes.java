package io.agentmemory.functions.routes;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.TravelPreferences;
import io.agentmemory.engine.api.UserContext;
import io.agentmemory.engine.api.ValidationException;
import io.agentmemory.functions.http.ApiCall;
import io.agentmemory.functions.http.ApiResponse;
import io.agentmemory.functions.http.JsonBodies;

import java.util.Map;

/**
 * {@code GET /v1/users/{userId}/context} and {@code PUT /v1/users/{userId}/preferences}: what a travel planner
 * reads at the start of every planning session, and the preferences it sets explicitly.
 */
public final class TravelContextRoutes {

    record PreferencesBody(TravelPreferences preferences, String category) {
    }

    private final MemoryEngine engine;

    public TravelContextRoutes(MemoryEngine engine) {
        this.engine = engine;
    }

    public ApiResponse context(ApiCall call) {
        UserContext context = call.await(engine.context(call.pathParameter("userId"),
                call.request().query().get("type")));
        call.facts().results(context.memoryCount());
        return ApiResponse.ok(context);
    }

    public ApiResponse setPreferences(ApiCall call) {
        PreferencesBody body = JsonBodies.read(call.request(), PreferencesBody.class);
        if (body.preferences() == null) {
            throw ValidationException.of("preferences", "is required");
        }
        AddResult result = call.await(engine.setPreferences(call.pathParameter("userId"), body.preferences(),
                body.category()));
        call.facts().facts(result.count(MemoryEvent.ADD), result.count(MemoryEvent.UPDATE), result.count(MemoryEvent.NOOP));
        call.facts().results(result.results().size());
        return ApiResponse.ok(Map.of("results", result.results()));
    }
}

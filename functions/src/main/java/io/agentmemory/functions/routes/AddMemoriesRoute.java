package io.agentmemory.functions.routes;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.functions.http.ApiCall;
import io.agentmemory.functions.http.ApiResponse;
import io.agentmemory.functions.http.JsonBodies;
import io.agentmemory.functions.http.RouteHandler;

import java.util.List;
import java.util.Map;

/** {@code POST /v1/users/{userId}/memories}: remember what a conversation says about the user. */
public final class AddMemoriesRoute implements RouteHandler {

    private final MemoryEngine engine;

    public AddMemoriesRoute(MemoryEngine engine) {
        this.engine = engine;
    }

    @Override
    public ApiResponse handle(ApiCall call) {
        String userId = call.pathParameter("userId");
        RequestBodies.AddMemories body = JsonBodies.read(call.request(), RequestBodies.AddMemories.class);
        AddRequest request = AddRequest.of(userId, body.messages())
                .withInfer(body.infer() == null || body.infer())
                .withSession(body.sessionId())
                .withMetadata(body.metadata() == null ? Map.of() : body.metadata())
                .withCategories(body.categories() == null ? List.of() : body.categories())
                .withExpiresAt(body.expiresAt())
                .withObservedAt(body.observedAt())
                .withIdempotencyKey(call.request().header("idempotency-key").orElse(null));
        AddResult result = call.await(engine.add(request));
        call.facts().facts(result.count(MemoryEvent.ADD), result.count(MemoryEvent.UPDATE), result.count(MemoryEvent.NOOP));
        call.facts().results(result.results().size());
        ApiResponse response = ApiResponse.created(Map.of("results", result.results()));
        return result.replayed() ? response.withHeader("idempotent-replayed", "true") : response;
    }
}

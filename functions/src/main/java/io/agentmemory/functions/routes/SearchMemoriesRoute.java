package io.agentmemory.functions.routes;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.SearchResult;
import io.agentmemory.functions.http.ApiCall;
import io.agentmemory.functions.http.ApiResponse;
import io.agentmemory.functions.http.JsonBodies;
import io.agentmemory.functions.http.RouteHandler;

/** {@code POST /v1/users/{userId}/memories/search}: the user's memories closest in meaning to a query. */
public final class SearchMemoriesRoute implements RouteHandler {

    private final MemoryEngine engine;

    public SearchMemoriesRoute(MemoryEngine engine) {
        this.engine = engine;
    }

    @Override
    public ApiResponse handle(ApiCall call) {
        RequestBodies.SearchMemories body = JsonBodies.read(call.request(), RequestBodies.SearchMemories.class);
        SearchResult result = call.await(engine.search(SearchRequests.of(call.pathParameter("userId"), body.query(),
                body.limit(), body.threshold(), body.filters(), body.mode())));
        call.facts().cacheHit(result.cached());
        call.facts().results(result.results().size());
        return ApiResponse.ok(result);
    }
}

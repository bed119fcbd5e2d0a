package io.agentmemory.functions.routes;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.BatchItemResult;
import io.agentmemory.engine.api.RequestValidator;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.ValidationException;
import io.agentmemory.functions.auth.AccessPolicy;
import io.agentmemory.functions.http.ApiCall;
import io.agentmemory.functions.http.ApiResponse;
import io.agentmemory.functions.http.ErrorResponses;
import io.agentmemory.functions.http.JsonBodies;
import io.agentmemory.functions.http.RouteHandler;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v1/memories/search/batch}: many searches in one call and one SQL statement, answered per search in
 * input order. One bad search gets its own error entry; the others still run.
 */
public final class BatchSearchRoute implements RouteHandler {

    private final MemoryEngine engine;
    private final AccessPolicy accessPolicy;

    public BatchSearchRoute(MemoryEngine engine, AccessPolicy accessPolicy) {
        this.engine = engine;
        this.accessPolicy = accessPolicy;
    }

    @Override
    public ApiResponse handle(ApiCall call) {
        RequestBodies.BatchSearch body = JsonBodies.read(call.request(), RequestBodies.BatchSearch.class);
        RequestValidator.validateBatchSize(body.searches() == null ? 0 : body.searches().size());
        if (body.searches().stream().anyMatch(Objects::isNull)) {
            throw ValidationException.of("searches", "must not hold null entries");
        }
        accessPolicy.requireAccessToAll(call.caller(), body.searches().stream().map(RequestBodies.BatchSearchItem::userId).toList());
        List<SearchRequest> requests = body.searches().stream()
                .map(s -> SearchRequests.of(s.userId(), s.query(), s.limit(), s.threshold(), s.filters(), s.mode()))
                .toList();
        List<BatchItemResult> results = call.await(engine.searchBatch(requests));
        long hits = results.stream().filter(r -> r.result() != null && r.result().cached()).count();
        call.facts().cacheHit(hits == results.size());
        call.facts().results(results.size());
        return ApiResponse.ok(Map.of("results", results.stream().map(BatchSearchRoute::entry).toList()));
    }

    private static Object entry(BatchItemResult item) {
        if (item.error() == null) {
            return item.result();
        }
        return Map.of("error", ErrorResponses.toResponse(item.error(), null).body());
    }
}

package io.agentmemory.functions.observability;

import io.agentmemory.engine.observability.StageTimings;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * What one invocation did, noted by the route as it goes and reported once at the end. Counts and flags only:
 * never memory text or queries, which are personal data.
 */
public final class InvocationFacts {

    private final StageTimings timings = new StageTimings();
    private Boolean cacheHit;
    private int results;
    private long factsAdded;
    private long factsUpdated;
    private long factsUnchanged;
    private String operation;
    private Integer operationStatus;

    public void cacheHit(boolean hit) {
        cacheHit = hit;
    }

    public void results(int count) {
        results = count;
    }

    public void facts(long added, long updated, long unchanged) {
        factsAdded = added;
        factsUpdated = updated;
        factsUnchanged = unchanged;
    }

    /**
     * What a protocol call inside the HTTP request did, when the route alone doesn't say (an MCP request is always
     * {@code POST /mcp}): e.g. {@code tools/call search_memories}, and the HTTP status its REST twin would answer.
     */
    public void operation(String name, Integer status) {
        operation = name;
        operationStatus = status;
    }

    public String operation() {
        return operation;
    }

    public Integer operationStatus() {
        return operationStatus;
    }

    /** Where the engine's time went in this invocation (cache, model, database). */
    public StageTimings timings() {
        return timings;
    }

    /**
     * The engine's answer within the budget, its stages timed into this invocation's record. An expired budget is
     * a {@link java.util.concurrent.TimeoutException}, the type the error mapping answers with 503.
     */
    public <T> T await(Mono<T> engineCall, Duration budget) {
        return timings.attachTo(engineCall).timeout(budget).block();
    }

    public Boolean cacheHit() {
        return cacheHit;
    }

    public int results() {
        return results;
    }

    public long factsAdded() {
        return factsAdded;
    }

    public long factsUpdated() {
        return factsUpdated;
    }

    public long factsUnchanged() {
        return factsUnchanged;
    }
}

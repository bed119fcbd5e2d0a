package io.agentmemory.functions.observability;

import io.agentmemory.engine.observability.StageTimings;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
    private EnvironmentStart.Kind environmentStart;
    private long eventInNanos;
    private long engineCalledNanos;
    private long engineAnsweredNanos;
    private long responseOutNanos;

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

    /** This invocation is the first of a cold or restored execution environment. */
    public void environmentStart(EnvironmentStart.Kind start) {
        environmentStart = start;
    }

    public EnvironmentStart.Kind environmentStart() {
        return environmentStart;
    }

    /** Where the engine's time went in this invocation (cache, model, database). */
    public StageTimings timings() {
        return timings;
    }

    /**
     * The engine's answer within the budget, its stages timed into this invocation's record. An expired budget is
     * a {@link TimeoutException}, the type the error mapping answers with 503; the call is cancelled then.
     *
     * <p>The caller's thread waits with the budget as its own time limit: Reactor's {@code timeout} would set the
     * limit on its parallel scheduler and wake one of its threads for every call.
     */
    public <T> T await(Mono<T> engineCall, Duration budget) {
        if (engineCalledNanos == 0) {
            engineCalledNanos = System.nanoTime();
        }
        CompletableFuture<T> answer = timings.attachTo(engineCall).toFuture();
        try {
            return answer.get(budget.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            answer.cancel(true);
            throw Exceptions.propagate(new TimeoutException("the engine did not answer within " + budget.toMillis() + " ms"));
        } catch (ExecutionException failed) {
            throw Exceptions.propagate(failed.getCause());
        } catch (InterruptedException interrupted) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw Exceptions.propagate(interrupted);
        } finally {
            engineAnsweredNanos = System.nanoTime();
        }
    }

    /** The handler has the event in hand: the start of its own time before the engine. */
    public void eventIn() {
        eventInNanos = System.nanoTime();
    }

    /** The response is written: the end of the handler's own time after the engine. */
    public void responseOut() {
        responseOutNanos = System.nanoTime();
    }

    /** From the event in hand to the first engine call (parsing, routing, identity, the body); null without one. */
    public Double eventToEngineMillis() {
        return engineCalledNanos == 0 || eventInNanos == 0 ? null : (engineCalledNanos - eventInNanos) / 1e6;
    }

    /** From the last engine answer to the response written (mapping and serialising the answer); null without one. */
    public Double engineToResponseMillis() {
        return engineAnsweredNanos == 0 || responseOutNanos == 0 ? null : (responseOutNanos - engineAnsweredNanos) / 1e6;
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

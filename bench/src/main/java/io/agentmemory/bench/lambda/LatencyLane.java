package io.agentmemory.bench.lambda;

import io.agentmemory.bench.report.LambdaLatencyReport;
import io.agentmemory.bench.workload.OperationKind;
import io.agentmemory.bench.workload.WorkloadRunner;

import java.util.List;

/**
 * One system's single execution environment in the one-at-a-time phase, and the kinds of request it answers there.
 * A request's text is a question for a search and a user message for an add.
 */
interface LatencyLane {

    String SEARCH = OperationKind.SEARCH.label();
    String ADD = OperationKind.ADD.label();
    String ADD_NEW_FACTS = LambdaLatencyReport.ADD_NEW_FACTS;
    String MISS = WorkloadRunner.SEARCH_CACHE_MISS;
    String HIT = WorkloadRunner.SEARCH_CACHE_HIT;
    /**
     * A block's question asked in a second environment of the same function after the first answered it: served from
     * the shared cache, which the first environment filled, as when a user's next request lands on another
     * environment. {@link #HIT} is the same question asked again in the environment that answered it.
     */
    String HIT_ELSEWHERE = LambdaLatencyReport.HIT_FILLED_ELSEWHERE;
    /** A search asked a second time that the cache did not answer: neither a true miss (its vector was cached) nor a hit. */
    String REPEAT_NOT_CACHED = "search (repeated, not cached)";

    String name();

    /**
     * The kinds of request, in the order a block asks them (a cache hit repeats the block's misses); an add's text
     * is the workload's message ({@link #ADD}) or one of new facts ({@link #ADD_NEW_FACTS}).
     */
    List<String> operations();

    /** Answers one request; the call's label says where its figure belongs. */
    Call call(String operation, String text) throws Exception;

    /**
     * @param label        where the figure goes: for the service's searches, whether the cache answered decides
     * @param requestId    the request id of the function's log line, for the service; null for the others
     * @param handlerNanos for the service, the handler's own time, event bytes in to response bytes out (building the
     *                     event and reading the response are the gateway's and the client's work); 0 for a system called
     *                     in-process, which is timed whole
     * @param modelNanos   for a system called in-process, the time it spent in its model; -1 for the service, whose log
     *                     line has its model stage
     */
    record Call(String label, String requestId, long handlerNanos, long modelNanos) {

        Call(String label, String requestId, long handlerNanos) {
            this(label, requestId, handlerNanos, -1);
        }
    }

    static boolean isCacheHit(String label) {
        return label.equals(HIT) || label.equals(HIT_ELSEWHERE);
    }

    static boolean isSearch(String operation) {
        return !isAdd(operation);
    }

    static boolean isAdd(String operation) {
        return operation.equals(ADD) || operation.equals(ADD_NEW_FACTS);
    }
}

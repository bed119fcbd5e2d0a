package io.agentmemory.bench.lambda;

import io.agentmemory.bench.systems.SearchAnswer;
import io.agentmemory.bench.systems.ServiceSystem;
import io.agentmemory.bench.workload.SearchQuery;
import io.agentmemory.bench.workload.WorkloadPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * The service through its Lambda handlers: a block's new questions (cache misses), then the same questions again
 * (cache hits), in the same environment and, where the lane has one, in a second environment of the search function
 * (hits the first one's fill serves from the shared cache), then adds. Each call keeps the request id of its log
 * line, which holds the engine's stage times.
 */
final class HandlerLane implements LatencyLane {

    private final String name;
    private final ServiceSystem.FunctionEnvironment environment;
    private final ServiceSystem.FunctionEnvironment otherEnvironment;
    private final String searchUser;
    private final String addUser;
    private final List<String> operations;

    /**
     * @param addUser          null for a lane that only searches
     * @param otherEnvironment a second environment that asks the block's questions after the first, or null
     */
    HandlerLane(String name, ServiceSystem.FunctionEnvironment environment, String searchUser, String addUser,
                boolean repeatsSearches, ServiceSystem.FunctionEnvironment otherEnvironment) {
        this.name = name;
        this.environment = environment;
        this.otherEnvironment = otherEnvironment;
        this.searchUser = searchUser;
        this.addUser = addUser;
        List<String> kinds = new ArrayList<>(List.of(MISS));
        if (repeatsSearches) {
            kinds.add(HIT);
        }
        if (otherEnvironment != null) {
            kinds.add(HIT_ELSEWHERE);
        }
        if (addUser != null) {
            kinds.addAll(List.of(ADD, ADD_NEW_FACTS));
        }
        this.operations = List.copyOf(kinds);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> operations() {
        return operations;
    }

    @Override
    public Call call(String operation, String text) throws Exception {
        if (LatencyLane.isAdd(operation)) {
            ServiceSystem.Invocation added = environment.addInvocation(addUser, text);
            added.body(ServiceSystem.ADD_FUNCTION, 201);
            return new Call(operation, added.requestId(), added.handlerNanos());
        }
        boolean elsewhere = operation.equals(HIT_ELSEWHERE);
        ServiceSystem.Invocation searched = (elsewhere ? otherEnvironment : environment)
                .searchInvocation(new SearchQuery(searchUser, text, WorkloadPlan.LIMIT));
        SearchAnswer answer = ServiceSystem.FunctionEnvironment.answer(searched.body(ServiceSystem.SEARCH_FUNCTION, 200));
        if (answer.memoryIds().isEmpty()) {
            // The searched user has hundreds of memories: no hit means the handler's model made none of their vectors,
            // and the figure would time a search of nothing.
            throw new IllegalStateException(name + " found no memory of " + searchUser + " for '" + text + "'");
        }
        boolean cached = answer.cached();
        String label = cached ? (elsewhere ? HIT_ELSEWHERE : HIT) : operation.equals(MISS) ? MISS : REPEAT_NOT_CACHED;
        return new Call(label, searched.requestId(), searched.handlerNanos());
    }
}

package io.agentmemory.bench.lambda;

import io.agentmemory.bench.systems.SearchAnswer;
import io.agentmemory.bench.systems.ServiceSystem;
import io.agentmemory.bench.workload.SearchQuery;
import io.agentmemory.bench.workload.WorkloadPlan;

import java.util.List;

/**
 * The service through its Lambda handlers: a block's new questions (cache misses), then the same questions again
 * (cache hits), then adds. Each call keeps the request id of its log line, which holds the engine's stage times.
 */
final class HandlerLane implements LatencyLane {

    private final String name;
    private final ServiceSystem.FunctionEnvironment environment;
    private final String searchUser;
    private final String addUser;
    private final List<String> operations;

    /** @param addUser null for a lane that only searches */
    HandlerLane(String name, ServiceSystem.FunctionEnvironment environment, String searchUser, String addUser,
                boolean repeatsSearches) {
        this.name = name;
        this.environment = environment;
        this.searchUser = searchUser;
        this.addUser = addUser;
        this.operations = addUser == null ? (repeatsSearches ? List.of(MISS, HIT) : List.of(MISS))
                : repeatsSearches ? List.of(MISS, HIT, ADD, ADD_NEW_FACTS) : List.of(MISS, ADD, ADD_NEW_FACTS);
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
        ServiceSystem.Invocation searched = environment.searchInvocation(new SearchQuery(searchUser, text, WorkloadPlan.LIMIT));
        SearchAnswer answer = ServiceSystem.FunctionEnvironment.answer(searched.body(ServiceSystem.SEARCH_FUNCTION, 200));
        if (answer.memoryIds().isEmpty()) {
            // The searched user has hundreds of memories: no hit means the handler's model made none of their vectors,
            // and the figure would time a search of nothing.
            throw new IllegalStateException(name + " found no memory of " + searchUser + " for '" + text + "'");
        }
        boolean cached = answer.cached();
        String label = cached ? HIT : operation.equals(HIT) ? REPEAT_NOT_CACHED : MISS;
        return new Call(label, searched.requestId(), searched.handlerNanos());
    }
}

package io.agentmemory.bench.lambda;

import io.agentmemory.bench.systems.ClockedEmbeddingModel;
import io.agentmemory.bench.systems.SystemEnvironment;
import io.agentmemory.bench.workload.SearchQuery;
import io.agentmemory.bench.workload.WorkloadPlan;

import java.util.List;

/** A system without a cache (LangChain4j, Spring AI, the original design): every search does the whole work. */
final class PeerLane implements LatencyLane {

    private final String name;
    private final SystemEnvironment environment;
    private final ClockedEmbeddingModel model;
    private final String searchUser;
    private final String addUser;

    PeerLane(String name, SystemEnvironment environment, ClockedEmbeddingModel model, String searchUser, String addUser) {
        this.name = name;
        this.environment = environment;
        this.model = model;
        this.searchUser = searchUser;
        this.addUser = addUser;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> operations() {
        return List.of(SEARCH, ADD, ADD_NEW_FACTS);
    }

    @Override
    public Call call(String operation, String text) throws Exception {
        long modelBefore = model.nanosSpent();
        if (LatencyLane.isAdd(operation)) {
            environment.add(addUser, text);
        } else {
            environment.search(new SearchQuery(searchUser, text, WorkloadPlan.LIMIT));
        }
        return new Call(operation, null, 0, model.nanosSpent() - modelBefore);
    }
}

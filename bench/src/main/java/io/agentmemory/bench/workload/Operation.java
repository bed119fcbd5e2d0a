package io.agentmemory.bench.workload;

import java.util.List;

/** One request of the workload, the same for every system. */
public sealed interface Operation {

    OperationKind kind();

    /** Remember one user message (three durable facts in the default workload). */
    record Add(String userId, String message) implements Operation {
        @Override
        public OperationKind kind() {
            return OperationKind.ADD;
        }
    }

    record Search(SearchQuery query) implements Operation {
        @Override
        public OperationKind kind() {
            return OperationKind.SEARCH;
        }
    }

    /** Searches of any users answered in one call (the service caller's batch endpoint). */
    record BatchSearch(List<SearchQuery> queries) implements Operation {
        @Override
        public OperationKind kind() {
            return queries.size() >= 100 ? OperationKind.BATCH_100 : OperationKind.BATCH_10;
        }
    }
}

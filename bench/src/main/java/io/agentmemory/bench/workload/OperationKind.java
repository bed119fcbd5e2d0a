package io.agentmemory.bench.workload;

/** What the report breaks figures down by. Searches are split by whether the service's cache answered. */
public enum OperationKind {
    ADD("add"),
    SEARCH("search"),
    BATCH_10("batch search x10"),
    BATCH_100("batch search x100");

    private final String label;

    OperationKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

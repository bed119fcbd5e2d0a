package io.agentmemory.engine.api;

/** One slot of a batch answer: either a result or the error that item alone met. */
public record BatchItemResult(SearchResult result, MemoryEngineException error) {

    public static BatchItemResult ok(SearchResult result) {
        return new BatchItemResult(result, null);
    }

    public static BatchItemResult failed(MemoryEngineException error) {
        return new BatchItemResult(null, error);
    }

    public boolean isError() {
        return error != null;
    }
}

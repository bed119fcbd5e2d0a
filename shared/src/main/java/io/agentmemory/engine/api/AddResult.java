package io.agentmemory.engine.api;

import java.util.List;

/** @param replayed true when an earlier answer was returned for a retried idempotency key */
public record AddResult(List<FactResult> results, boolean replayed) {

    public long count(MemoryEvent event) {
        return results.stream().filter(r -> r.event() == event).count();
    }
}

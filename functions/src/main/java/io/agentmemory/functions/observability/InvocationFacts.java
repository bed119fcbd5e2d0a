package io.agentmemory.functions.observability;

/**
 * What one invocation did, noted by the route as it goes and reported once at the end. Counts and flags only:
 * never memory text or queries, which are personal data.
 */
public final class InvocationFacts {

    private Boolean cacheHit;
    private int results;
    private long factsAdded;
    private long factsUpdated;
    private long factsUnchanged;

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

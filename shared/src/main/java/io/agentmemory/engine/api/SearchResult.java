package io.agentmemory.engine.api;

import java.util.List;

/** @param cached true when the hits came from the cache rather than the database */
public record SearchResult(List<SearchHit> results, boolean cached) {

    public SearchResult asCached() {
        return new SearchResult(results, true);
    }
}

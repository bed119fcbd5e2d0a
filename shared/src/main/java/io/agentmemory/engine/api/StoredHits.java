package io.agentmemory.engine.api;

import java.util.AbstractList;
import java.util.List;

/**
 * A cached result's hits, held as the JSON the cache returned: bound to {@link SearchHit}s only if someone reads
 * them one by one, so a response that writes them out as they are never pays for the binding.
 */
final class StoredHits extends AbstractList<SearchHit> {

    private final byte[] json;
    private List<SearchHit> bound;
    private int size = -1;

    StoredHits(byte[] json) {
        this.json = json;
    }

    byte[] json() {
        return json;
    }

    @Override
    public SearchHit get(int index) {
        return bound().get(index);
    }

    @Override
    public int size() {
        if (bound != null) {
            return bound.size();
        }
        if (size < 0) {
            size = SearchHitsJson.count(json);
        }
        return size;
    }

    private List<SearchHit> bound() {
        if (bound == null) {
            bound = List.copyOf(SearchHitsJson.read(json));
        }
        return bound;
    }
}

package io.agentmemory.engine.search;

import io.agentmemory.engine.EngineJson;
import io.agentmemory.engine.api.SearchFilters;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.cache.CacheKeys;

import java.util.Map;
import java.util.TreeMap;

/** The cache keys of a search: its result (every input that changes it, in canonical form) and its query's vector. */
final class SearchKeys {

    private SearchKeys() {
    }

    /** Names the stored hits' form ({@code SearchHitsJson}): results stored in an earlier form are never looked up. */
    private static final String HITS_FORM = "hits-api-json";

    static String result(String modelName, SearchRequest r) {
        return CacheKeys.searchResult(r.userId(), CacheKeys.hash(String.join("\u0001", HITS_FORM, modelName, r.userId(), r.query(),
                Integer.toString(r.limit()), Double.toString(r.threshold()), EngineJson.write(canonical(r.filters())),
                r.mode().wireName())));
    }

    static String vector(String modelName, SearchRequest r) {
        return CacheKeys.queryVector(r.userId(), CacheKeys.hash(modelName + "\u0001" + r.query()));
    }

    /** The filters that are set, categories sorted: equal filters give equal keys. */
    private static Map<String, Object> canonical(SearchFilters filters) {
        Map<String, Object> form = new TreeMap<>();
        if (!filters.categories().isEmpty()) {
            form.put("categories", filters.categories().stream().sorted().toList());
        }
        if (filters.sessionId() != null) {
            form.put("sessionId", filters.sessionId());
        }
        if (filters.observedFrom() != null) {
            form.put("observedFrom", filters.observedFrom().toString());
        }
        if (filters.observedTo() != null) {
            form.put("observedTo", filters.observedTo().toString());
        }
        if (!filters.metadata().isEmpty()) {
            form.put("metadata", filters.metadata());
        }
        return form;
    }
}

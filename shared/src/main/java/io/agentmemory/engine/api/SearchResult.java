package io.agentmemory.engine.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** @param cached true when the hits came from the cache rather than the database */
@JsonSerialize(using = SearchResult.Json.class)
public record SearchResult(List<SearchHit> results, boolean cached) {

    /** A cached result: its hits as the cache stored them ({@link SearchHitsJson}), bound only when read one by one. */
    public static SearchResult fromCache(byte[] hitsJson) {
        return new SearchResult(new StoredHits(hitsJson), true);
    }

    public SearchResult asCached() {
        return new SearchResult(results, true);
    }

    /** The hits' JSON when they came from the cache and are still unread; null otherwise. */
    public byte[] resultsJson() {
        return results instanceof StoredHits stored ? stored.json() : null;
    }

    /** {@code {"results": [...], "cached": ...}}: a cached result's hits written as stored, others by the mapper at hand. */
    static final class Json extends StdSerializer<SearchResult> {

        Json() {
            super(SearchResult.class);
        }

        @Override
        public void serialize(SearchResult result, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeStartObject();
            byte[] stored = result.resultsJson();
            if (stored != null) {
                generator.writeFieldName("results");
                generator.writeRawValue(new String(stored, StandardCharsets.UTF_8));
            } else {
                provider.defaultSerializeField("results", result.results(), generator);
            }
            generator.writeBooleanField("cached", result.cached());
            generator.writeEndObject();
        }
    }
}

package io.agentmemory.engine.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.util.List;

/**
 * Search hits in the form the API answers them: properties in declaration order, absent values left out, instants
 * as ISO-8601 text. A cached result keeps its hits in this form, so that a cache hit is answered with the stored
 * bytes as they are, never parsed and written again.
 */
public final class SearchHitsJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Metadata numbers read back exactly as they were written.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final JavaType HITS = MAPPER.getTypeFactory().constructCollectionType(List.class, SearchHit.class);

    private SearchHitsJson() {
    }

    public static byte[] write(List<SearchHit> hits) {
        try {
            return MAPPER.writeValueAsBytes(hits);
        } catch (IOException e) {
            throw new IllegalStateException("could not write search hits", e);
        }
    }

    public static List<SearchHit> read(byte[] json) {
        try {
            return MAPPER.readValue(json, HITS);
        } catch (IOException e) {
            throw new IllegalStateException("could not read search hits", e);
        }
    }

    /** How many hits the array holds, counted on the token stream without binding them. */
    static int count(byte[] json) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalStateException("search hits are not a JSON array");
            }
            int count = 0;
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                parser.skipChildren();
                count++;
            }
            return count;
        } catch (IOException e) {
            throw new IllegalStateException("could not read search hits", e);
        }
    }
}

package io.agentmemory.engine.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * How a search ranks. Every mode's score is in [0, 1], higher is better:
 * <ul>
 *   <li>{@code semantic}: cosine similarity of the query and memory embeddings;</li>
 *   <li>{@code keyword}: PostgreSQL full-text rank of the memory for the query's words
 *       ({@code ts_rank_cd} normalised as rank / (rank + 1)); memories sharing no word with the query are not hits;</li>
 *   <li>{@code hybrid}: reciprocal rank fusion of the two rankings, Σ 1 / (k + rank), divided by its maximum
 *       2 / (k + 1), so a memory ranked first by both scores 1.</li>
 * </ul>
 */
public enum SearchMode {
    SEMANTIC, KEYWORD, HYBRID;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the ranking needs the query's embedding (keyword ranking reads only its words). */
    public boolean usesVectors() {
        return this != KEYWORD;
    }

    @JsonCreator
    public static SearchMode fromWire(String value) {
        if (value == null) {
            return SEMANTIC;
        }
        for (SearchMode mode : values()) {
            if (mode.wireName().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw ValidationException.of("mode", "must be semantic, keyword or hybrid");
    }
}

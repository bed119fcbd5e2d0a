package io.agentmemory.engine.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * How a search ranks. Every mode's score is in [0, 1], higher is better:
 * <ul>
 *   <li>{@code semantic}: cosine similarity of the query and memory embeddings on the model's scale (0 where
 *       the model puts unrelated texts, 1 for identical ones);</li>
 *   <li>{@code keyword}: PostgreSQL full-text rank ({@code ts_rank}, as rank / (rank + 1)) of the memories holding
 *       any of the query's words (stemmed, stop words left out); "quoted phrases" and -exclusions written in the
 *       query are required; memories sharing no word with the query are not hits;</li>
 *   <li>{@code hybrid} (the default): each ranking's top candidates scaled from its worst to its best, summed with
 *       weight {@code HYBRID_SEMANTIC_WEIGHT} (0.75) on the semantic side, so a memory ranked first by both scores 1.</li>
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
            return HYBRID;
        }
        for (SearchMode mode : values()) {
            if (mode.wireName().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw ValidationException.of("mode", "must be semantic, keyword or hybrid");
    }
}

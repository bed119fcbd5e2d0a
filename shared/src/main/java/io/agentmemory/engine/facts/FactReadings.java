package io.agentmemory.engine.facts;

import com.github.benmanes.caffeine.cache.Cache;
import io.agentmemory.engine.InProcessCache;
import io.agentmemory.engine.extraction.ExtractedFact;

import java.util.Optional;

/**
 * How texts read ({@link FactAttributes#classify}), remembered by each environment. Reading a text runs every
 * attribute rule over it, and the same texts come back: a memory is proposed as a candidate fact after fact and add
 * after add, and a fact an add stores is the memory that the next statement of the same attribute is decided
 * against. The reading is a pure function of the text, so a text is read once while it stays among the most recent.
 */
public final class FactReadings {

    private static final Cache<String, Optional<StatedFact>> READ = InProcessCache.bounded(4_096);

    private FactReadings() {
    }

    /** What the text states, or empty when no row of the attribute table recognises it. */
    public static Optional<StatedFact> of(String text) {
        return text == null ? Optional.empty() : READ.get(text, FactAttributes::classify);
    }

    /** The attribute the text states a value of, or null. */
    public static String attributeKeyOf(String text) {
        return of(text).map(StatedFact::attributeKey).orElse(null);
    }

    /**
     * The attribute key stored with a memory of this text ({@code fact_attribute}): that of its statement, without
     * the date suffix an add puts after it, which names no attribute. Writes and the re-reading of stored memories
     * both take it from here, so that a fact's key finds the memories of its attribute.
     */
    public static String storedKeyOf(String memoryText) {
        return attributeKeyOf(ExtractedFact.statementOf(memoryText));
    }
}

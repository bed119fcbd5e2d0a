package io.agentmemory.engine.config;

import java.time.Duration;

/** How adds decide and how long their idempotent answers are kept. */
public record WriteSettings(double updateSimilarityThreshold, Duration idempotencyKeyTtl) {

    /** A new fact this similar to the user's nearest memory updates it instead of adding a new one. */
    public static final double DEFAULT_UPDATE_SIMILARITY_THRESHOLD = 0.8;
    public static final Duration DEFAULT_IDEMPOTENCY_KEY_TTL = Duration.ofHours(24);

    public static WriteSettings defaults() {
        return new WriteSettings(DEFAULT_UPDATE_SIMILARITY_THRESHOLD, DEFAULT_IDEMPOTENCY_KEY_TTL);
    }
}

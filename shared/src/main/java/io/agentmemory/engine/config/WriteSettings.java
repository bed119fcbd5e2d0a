package io.agentmemory.engine.config;

import java.time.Duration;

/**
 * How adds decide and how long their idempotent answers are kept.
 *
 * @param decisionCandidates how many of the user's nearest memories similarity proposes for each extracted fact; the
 *                           attribute table decides among them (and among the memories of the same attribute)
 */
public record WriteSettings(int decisionCandidates, Duration idempotencyKeyTtl) {

    public static final int DEFAULT_DECISION_CANDIDATES = 5;
    public static final Duration DEFAULT_IDEMPOTENCY_KEY_TTL = Duration.ofHours(24);

    public WriteSettings {
        if (decisionCandidates < 0 || decisionCandidates > 100) {
            throw new IllegalArgumentException("DECISION_CANDIDATES must be 0-100, got " + decisionCandidates);
        }
    }

    public static WriteSettings defaults() {
        return new WriteSettings(DEFAULT_DECISION_CANDIDATES, DEFAULT_IDEMPOTENCY_KEY_TTL);
    }
}

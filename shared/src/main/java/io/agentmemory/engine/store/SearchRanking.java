package io.agentmemory.engine.store;

/**
 * How keyword and hybrid searches rank: the PostgreSQL text search configuration (the one the generated
 * {@code content_tsv} column was built with), how many candidates of each ranking hybrid fuses at least, and the
 * reciprocal rank fusion constant k.
 */
public record SearchRanking(String textSearchConfig, int fusionDepth, int fusionK) {
}

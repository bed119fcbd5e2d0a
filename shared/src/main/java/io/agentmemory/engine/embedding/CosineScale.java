package io.agentmemory.engine.embedding;

/**
 * Where a model's cosine similarities sit, so the scores callers see (and the thresholds they set) mean the same
 * whatever the model: a score is 0 at {@code unrelated} (what the model typically gives texts that have nothing to
 * do with each other), 1 at {@code identical}, linear between, clamped. e5's cosines bunch between 0.7 and 0.95
 * where MiniLM's spread from 0.2 to 1.
 */
public record CosineScale(double unrelated, double identical) {

    /** The cosine itself (clamped at 0). */
    public static final CosineScale RAW = new CosineScale(0, 1);

    public CosineScale {
        if (!(identical > unrelated)) {
            throw new IllegalArgumentException("a cosine scale must rise: " + unrelated + " to " + identical);
        }
    }

    /** The score of a cosine similarity, in [0, 1]. */
    public double score(double cosine) {
        return Math.min(1, Math.max(0, (cosine - unrelated) / (identical - unrelated)));
    }

    /** The cosine similarity that scores {@code score}: a threshold on scores as a threshold on cosines. */
    public double cosineAt(double score) {
        return unrelated + score * (identical - unrelated);
    }
}

package io.agentmemory.engine.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A memory about to be written, with everything the row needs. {@code metadataJson} is a JSON object;
 * {@code attributeKey} the single-valued attribute the text states (null when none), by which a later value finds it;
 * {@code embeddingModel} the model that made the vector; {@code observedAt} when it was said (null: now);
 * {@code mentionedDatesJson} the JSON array of the relative dates the text names, resolved against that time;
 * {@code sourceText} the words of the message an extracted fact was read from, which keyword search matches too
 * (null for a memory stored as sent, or when the extractor cannot tell).
 */
public record NewMemory(UUID id, String userId, String text, String key, float[] embedding, String metadataJson,
                        List<String> categories, String sessionId, Instant expiresAt, String attributeKey,
                        String embeddingModel, Instant observedAt, String mentionedDatesJson,
                        String sourceText) {
}

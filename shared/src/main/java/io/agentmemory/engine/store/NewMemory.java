package io.agentmemory.engine.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A memory about to be written, with everything the row needs. {@code metadataJson} is a JSON object;
 * {@code observedAt} null means now; {@code mentionedDatesJson} a JSON array of the relative dates the text names.
 */
public record NewMemory(UUID id, String userId, String text, String key, float[] embedding, String metadataJson,
                        List<String> categories, String sessionId, Instant expiresAt, Instant observedAt,
                        String mentionedDatesJson) {
}

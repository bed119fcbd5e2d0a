package io.agentmemory.engine.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Remember what a conversation says about one user.
 *
 * @param infer          {@code true}: extract durable facts; {@code false}: store each message's content as given
 * @param idempotencyKey optional; a retry with the same key and body returns the first answer and writes nothing
 * @param observedAt     when the conversation happened (null: now); relative dates in the text count from it
 */
public record AddRequest(
        String userId,
        List<Message> messages,
        String sessionId,
        Map<String, Object> metadata,
        List<String> categories,
        boolean infer,
        Instant expiresAt,
        String idempotencyKey,
        Instant observedAt) {

    public static AddRequest of(String userId, List<Message> messages) {
        return new AddRequest(userId, messages, null, Map.of(), List.of(), true, null, null, null);
    }

    public AddRequest withObservedAt(Instant value) {
        return new AddRequest(userId, messages, sessionId, metadata, categories, infer, expiresAt, idempotencyKey, value);
    }

    public AddRequest withIdempotencyKey(String key) {
        return new AddRequest(userId, messages, sessionId, metadata, categories, infer, expiresAt, key, observedAt);
    }

    public AddRequest withInfer(boolean value) {
        return new AddRequest(userId, messages, sessionId, metadata, categories, value, expiresAt, idempotencyKey, observedAt);
    }

    public AddRequest withExpiresAt(Instant value) {
        return new AddRequest(userId, messages, sessionId, metadata, categories, infer, value, idempotencyKey, observedAt);
    }

    public AddRequest withSession(String value) {
        return new AddRequest(userId, messages, value, metadata, categories, infer, expiresAt, idempotencyKey, observedAt);
    }

    public AddRequest withMetadata(Map<String, Object> value) {
        return new AddRequest(userId, messages, sessionId, value, categories, infer, expiresAt, idempotencyKey, observedAt);
    }

    public AddRequest withCategories(List<String> value) {
        return new AddRequest(userId, messages, sessionId, metadata, value, infer, expiresAt, idempotencyKey, observedAt);
    }
}

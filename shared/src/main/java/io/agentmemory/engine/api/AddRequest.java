package io.agentmemory.engine.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Remember what a conversation says about one user.
 *
 * @param infer          {@code true}: extract durable facts; {@code false}: store each message's content as given
 * @param idempotencyKey optional; a retry with the same key and body returns the first answer and writes nothing
 */
public record AddRequest(
        String userId,
        List<Message> messages,
        String sessionId,
        Map<String, Object> metadata,
        List<String> categories,
        boolean infer,
        Instant expiresAt,
        String idempotencyKey) {

    public static AddRequest of(String userId, List<Message> messages) {
        return new AddRequest(userId, messages, null, Map.of(), List.of(), true, null, null);
    }

    public AddRequest withIdempotencyKey(String key) {
        return new AddRequest(userId, messages, sessionId, metadata, categories, infer, expiresAt, key);
    }

    public AddRequest withInfer(boolean value) {
        return new AddRequest(userId, messages, sessionId, metadata, categories, value, expiresAt, idempotencyKey);
    }

    public AddRequest withExpiresAt(Instant value) {
        return new AddRequest(userId, messages, sessionId, metadata, categories, infer, value, idempotencyKey);
    }

    public AddRequest withSession(String value) {
        return new AddRequest(userId, messages, value, metadata, categories, infer, expiresAt, idempotencyKey);
    }

    public AddRequest withMetadata(Map<String, Object> value) {
        return new AddRequest(userId, messages, sessionId, value, categories, infer, expiresAt, idempotencyKey);
    }

    public AddRequest withCategories(List<String> value) {
        return new AddRequest(userId, messages, sessionId, metadata, value, infer, expiresAt, idempotencyKey);
    }
}

package io.agentmemory.engine.add;

import io.agentmemory.engine.EngineJson;
import io.agentmemory.engine.Sha256;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.IdempotencyConflictException;
import io.agentmemory.engine.store.IdempotencyRecord;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An add under an idempotency key answers its retries with its first answer: the same request replays it, a
 * different request under the same key is a conflict. Requests compare by the digest of their canonical form.
 */
final class IdempotentAnswers {

    private IdempotentAnswers() {
    }

    /** The digest of the request's canonical form, or null when the request carries no key. */
    static String digest(AddRequest r) {
        if (r.idempotencyKey() == null) {
            return null;
        }
        Map<String, Object> form = new TreeMap<>();
        form.put("messages", r.messages());
        form.put("sessionId", r.sessionId());
        form.put("metadata", r.metadata() == null ? Map.of() : r.metadata());
        form.put("categories", r.categories() == null ? List.of() : r.categories());
        form.put("infer", r.infer());
        form.put("expiresAt", r.expiresAt() == null ? null : r.expiresAt().toString());
        form.put("observedAt", r.observedAt() == null ? null : r.observedAt().toString());
        return Sha256.short128(EngineJson.write(form));
    }

    /**
     * The first answer to this key (read with the add's proposals), marked replayed; a different request under the
     * same key is a conflict.
     */
    static AddResult replay(IdempotencyRecord first, String digest) {
        if (!first.requestDigest().equals(digest)) {
            throw new IdempotencyConflictException();
        }
        return new AddResult(EngineJson.read(first.responseJson(), AddResult.class).results(), true);
    }

    /** The answer to keep for the key's retries, written with the add's decisions; null when the request has no key. */
    static IdempotencyRecord toKeep(AddRequest request, String digest, AddResult result) {
        return request.idempotencyKey() == null ? null : new IdempotencyRecord(digest, EngineJson.write(result));
    }
}

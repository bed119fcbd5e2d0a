package io.agentmemory.engine.add;

import io.agentmemory.engine.EngineJson;
import io.agentmemory.engine.Sha256;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.IdempotencyConflictException;
import io.agentmemory.engine.store.IdempotencyStatements;
import io.r2dbc.spi.Connection;
import reactor.core.publisher.Mono;

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

    /** The first answer to this key, marked replayed; empty when the key is new (or the request has none). */
    static Mono<AddResult> replay(Connection c, AddRequest request, String digest) {
        if (request.idempotencyKey() == null) {
            return Mono.empty();
        }
        return IdempotencyStatements.find(c, request.userId(), request.idempotencyKey()).map(record -> {
            if (!record.requestDigest().equals(digest)) {
                throw new IdempotencyConflictException();
            }
            AddResult first = EngineJson.read(record.responseJson(), AddResult.class);
            return new AddResult(first.results(), true);
        });
    }

    /** Keeps the answer for the key's retries, in the add's transaction. */
    static Mono<AddResult> keep(Connection c, AddRequest request, String digest, AddResult result) {
        return request.idempotencyKey() == null ? Mono.just(result)
                : IdempotencyStatements.save(c, request.userId(), request.idempotencyKey(), digest, EngineJson.write(result))
                .thenReturn(result);
    }
}

package io.agentmemory.engine.store;

/** The stored answer of an add under an idempotency key, and the digest of the request that produced it. */
public record IdempotencyRecord(String requestDigest, String responseJson) {
}

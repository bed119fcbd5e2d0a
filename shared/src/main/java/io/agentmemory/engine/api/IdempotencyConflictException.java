package io.agentmemory.engine.api;

/** The idempotency key was already used with a different request body. */
public class IdempotencyConflictException extends MemoryEngineException {

    public IdempotencyConflictException() {
        super("idempotency key was already used with a different request");
    }
}

package io.agentmemory.engine.api;

/** Base of every error the engine reports on purpose; anything else is a bug or an outage. */
public abstract class MemoryEngineException extends RuntimeException {

    protected MemoryEngineException(String message) {
        super(message);
    }

    protected MemoryEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.agentmemory.engine.api;

/** The database could not be reached in time; the caller may retry later. Nothing was written. */
public class StoreUnavailableException extends MemoryEngineException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

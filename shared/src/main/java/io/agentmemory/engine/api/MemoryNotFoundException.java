package io.agentmemory.engine.api;

import java.util.UUID;

/** No memory with this id belongs to this user (whether it exists for another user is not revealed). */
public class MemoryNotFoundException extends MemoryEngineException {

    public MemoryNotFoundException(UUID id) {
        super("memory " + id + " not found");
    }
}

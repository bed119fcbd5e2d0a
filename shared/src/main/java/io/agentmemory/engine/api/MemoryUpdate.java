package io.agentmemory.engine.api;

import java.util.List;
import java.util.Map;

/** A user's direct edit of one memory. Null fields stay as they are. */
public record MemoryUpdate(String memory, Map<String, Object> metadata, List<String> categories) {
}

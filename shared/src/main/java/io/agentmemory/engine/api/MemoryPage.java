package io.agentmemory.engine.api;

import java.util.List;

/** @param nextCursor opaque; pass it back to get the next page, null on the last page */
public record MemoryPage(List<Memory> memories, String nextCursor) {
}

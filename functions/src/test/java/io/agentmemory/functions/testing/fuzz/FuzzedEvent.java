package io.agentmemory.functions.testing.fuzz;

/** One generated event, the function bean it is sent to, and what is wrong with it (for the report). */
public record FuzzedEvent(String category, String bean, byte[] event) {
}

package io.agentmemory.engine.api;

/** Which field broke which rule, in words a caller can show. */
public record FieldError(String field, String message) {
}

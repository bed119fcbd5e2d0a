package io.agentmemory.functions.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.agentmemory.engine.api.ValidationException;
import io.agentmemory.functions.http.ApiJson;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A tool call's arguments, sorted into the parts of the REST request they stand for: path parameters, query
 * parameters and headers are taken out by name, and what is left is the JSON body, so the REST route reads and
 * validates it field for field (an unknown or mistyped argument is named exactly as the REST API names it).
 */
final class ToolArguments {

    private final Map<String, Object> remaining;

    ToolArguments(Map<String, Object> arguments) {
        this.remaining = new LinkedHashMap<>(arguments == null ? Map.of() : arguments);
    }

    boolean has(String name) {
        return remaining.get(name) != null;
    }

    /** Path parameters and headers are text in the REST API, so nothing else is accepted for them. */
    Optional<String> takeText(String name) {
        Object value = remaining.remove(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text) {
            return Optional.of(text);
        }
        throw ValidationException.of(name, "has the wrong type: expected a string");
    }

    /** A query parameter: a number or a flag is passed as the text a query string would carry. */
    Optional<String> takeQueryValue(String name) {
        Object value = remaining.remove(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return Optional.of(String.valueOf(value));
        }
        throw ValidationException.of(name, "has the wrong type: expected a string or a number");
    }

    Object take(String name) {
        return remaining.remove(name);
    }

    void put(String name, Object value) {
        remaining.put(name, value);
    }

    byte[] remainingAsJsonBody() {
        try {
            return ApiJson.MAPPER.writeValueAsBytes(remaining);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tool arguments could not be written as JSON", e);
        }
    }

    /** For routes without a body: an argument that went nowhere is a mistake to report, not to drop. */
    void requireNoneLeft() {
        remaining.keySet().stream().findFirst().ifPresent(unknown -> {
            throw ValidationException.of(unknown, "is not a known field");
        });
    }
}

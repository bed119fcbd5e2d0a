package io.agentmemory.functions.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.agentmemory.engine.api.FieldError;

import java.util.List;

/** An RFC 9457 problem document: what every error response carries, and nothing internal. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem("urn:agent-memory:problem:" + slug, title, status, detail, null);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, fieldErrors);
    }
}

package io.agentmemory.functions.testing.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.function.Supplier;

/** A route that takes a JSON body: a valid template to break, and what may be broken in it. */
public record BodyRoute(String bean, String method, String path, Supplier<ObjectNode> template, List<String> requiredFields,
                        List<TypedField> typedFields, List<String> records, List<LimitedText> texts, List<LimitedArray> arrays,
                        List<String> metadata, boolean perItemValidation) {

    /** A field and values of the wrong JSON type for it. */
    public record TypedField(String pointer, List<Object> wrongValues) {
    }

    public record LimitedText(String pointer, int max) {
    }

    public record LimitedArray(String pointer, int max) {
    }
}

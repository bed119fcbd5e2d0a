package io.agentmemory.functions.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.agentmemory.functions.testing.DeployedTemplate;
import io.agentmemory.functions.testing.LambdaResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The project's openapi.yaml, able to say whether a real response is one the contract allows: the operation
 * declares its status, the content type matches, and the body validates against the declared schema (OpenAPI 3.1
 * schemas are JSON Schema 2020-12, validated with networknt's OpenAPI 3.1 dialect).
 */
final class OpenApiContract {

    static final Path LOCATION = DeployedTemplate.projectRoot().resolve("openapi.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;
    private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31());

    private OpenApiContract(JsonNode document) {
        this.document = document;
    }

    static OpenApiContract load() throws IOException {
        return new OpenApiContract(new ObjectMapper(new YAMLFactory()).readTree(Files.readString(LOCATION)));
    }

    JsonNode document() {
        return document;
    }

    /** What is wrong with the response for this operation; empty when the contract allows it. */
    List<String> violations(String method, String pathTemplate, LambdaResponse response) {
        JsonNode operation = document.path("paths").path(pathTemplate).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            return List.of("the contract has no operation " + method + " " + pathTemplate);
        }
        JsonNode declared = resolve(operation.path("responses").path(Integer.toString(response.status())));
        if (declared.isMissingNode()) {
            return List.of(method + " " + pathTemplate + " does not declare status " + response.status()
                    + " (answered " + response.rawBody() + ")");
        }
        JsonNode content = declared.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            return response.rawBody() == null || response.rawBody().isEmpty() ? List.of()
                    : List.of(response.status() + " declares no body but one came: " + response.rawBody());
        }
        String contentType = response.contentType();
        JsonNode media = content.path(contentType);
        if (media.isMissingNode()) {
            return List.of(response.status() + " answered " + contentType + ", the contract declares " + content.fieldNames().next());
        }
        ObjectNode schema = media.path("schema").deepCopy();
        // The response's schema as a document of its own, with the components its references point into.
        schema.set("components", document.path("components"));
        Schema validator = schemas.getSchema(schema.toString());
        List<Error> errors = validator.validate(response.body());
        return errors.stream().map(e -> method + " " + pathTemplate + " " + response.status() + ": " + e.getMessage()).toList();
    }

    private JsonNode resolve(JsonNode node) {
        if (node.has("$ref")) {
            String[] pointer = node.get("$ref").asText().substring(2).split("/");
            JsonNode target = document;
            for (String part : pointer) {
                target = target.path(part.replace("~1", "/").replace("~0", "~"));
            }
            return target;
        }
        return node;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

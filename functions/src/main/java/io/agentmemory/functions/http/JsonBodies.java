package io.agentmemory.functions.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.agentmemory.engine.api.FieldError;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a request body into a typed value or a precise 4xx: 415 for a non-JSON content type, 413 above
 * {@link #MAX_BODY_BYTES}, 400 naming the field for anything malformed. Jackson's own messages are never
 * passed on: they quote the input and name internal classes.
 */
public final class JsonBodies {

    /** Comfortably above the largest valid add (50 messages of 8,000 characters), far below Lambda's 6 MB. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private JsonBodies() {
    }

    public static <T> T read(ApiRequest request, Class<T> type) {
        requireJsonContentType(request);
        if (request.bodyLength() > MAX_BODY_BYTES) {
            throw new ApiProblemException(Problem.of(413, "payload-too-large", "Payload too large",
                    "the body is " + request.bodyLength() + " bytes; the limit is " + MAX_BODY_BYTES));
        }
        if (request.bodyLength() == 0) {
            throw ApiProblemException.badRequest("a JSON body is required");
        }
        requireUtf8(request.body());
        try {
            T value = ApiJson.MAPPER.readValue(request.body(), type);
            if (value == null) {
                throw ApiProblemException.badRequest("the body must be a JSON object, not null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw invalid(pathOf(e), "is not a known field");
        } catch (InvalidFormatException e) {
            throw invalid(pathOf(e), "has the wrong format" + expected(e.getTargetType()));
        } catch (MismatchedInputException e) {
            throw invalid(pathOf(e), e.getTargetType() == null ? "has the wrong type" : "has the wrong type" + expected(e.getTargetType()));
        } catch (StreamConstraintsException e) {
            throw ApiProblemException.badRequest("the body is nested deeper than " + ApiJson.MAX_NESTING_DEPTH + " levels");
        } catch (JsonMappingException e) {
            // Syntax errors met while binding a nested value arrive wrapped with the field's path.
            if (e.getCause() instanceof StreamReadException syntax) {
                throw malformed(syntax);
            }
            throw invalid(pathOf(e), "is not valid");
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw ApiProblemException.badRequest("the body could not be read");
        }
    }

    /**
     * JSON is UTF-8 (RFC 8259). Jackson's own decoder lets some ill-formed sequences through (a surrogate encoded as
     * three bytes, CESU-8 style, becomes a lone surrogate that PostgreSQL would then store as '?'), so the body is
     * checked with the JDK's strict decoder first.
     */
    private static void requireUtf8(byte[] body) {
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ApiProblemException.badRequest("the body is not valid UTF-8");
        }
    }

    private static ApiProblemException malformed(JsonProcessingException e) {
        var location = e.getLocation();
        return ApiProblemException.badRequest("the body is not valid JSON"
                + (location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"));
    }

    private static void requireJsonContentType(ApiRequest request) {
        String contentType = request.header("content-type").orElse("");
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw new ApiProblemException(Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "send the body as application/json" + (mediaType.isEmpty() ? "" : ", not " + sanitize(mediaType))));
        }
    }

    private static ApiProblemException invalid(String field, String message) {
        return new ApiProblemException(Problem.of(400, "validation", "Invalid request", field + " " + message)
                .withErrors(List.of(new FieldError(field, message))));
    }

    private static String pathOf(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "";
        }
        Map<Class<?>, String> names = Map.of(String.class, "a string", Integer.class, "a whole number",
                int.class, "a whole number", Double.class, "a number", double.class, "a number",
                Boolean.class, "true or false", boolean.class, "true or false", List.class, "an array",
                Map.class, "an object", java.time.Instant.class, "an ISO-8601 instant such as 2030-01-01T00:00:00Z");
        String name = names.get(type);
        return name == null ? (type.isRecord() ? ": expected an object" : "") : ": expected " + name;
    }

    /** Echoing a header back is fine only when it can't carry markup or control characters. */
    private static String sanitize(String value) {
        String cleaned = value.replaceAll("[^A-Za-z0-9/+.\\-]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }
}

package io.agentmemory.functions.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP API route's path template ({@code /v1/users/{userId}/memories}, or a greedy {@code {proxy+}} last
 * segment) matched against a request's {@code rawPath}. Literal segments must match as received; a parameter binds
 * one non-empty segment. Values come back as received (percent-encoded): how strictly to {@link #decode} them is
 * the caller's choice, since a function refuses a bad encoding while the local gateway passes it on.
 */
public final class PathTemplate {

    private final String template;
    private final String[] parts;

    private PathTemplate(String template) {
        this.template = template;
        this.parts = template.split("/", -1);
    }

    public static PathTemplate of(String template) {
        return new PathTemplate(template);
    }

    public String template() {
        return template;
    }

    /** The parameters, still percent-encoded, when the path fits the template. */
    public Optional<Map<String, String>> bind(String rawPath) {
        String[] segments = rawPath.split("/", -1);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean parameter = part.startsWith("{") && part.endsWith("}");
            if (parameter && part.endsWith("+}") && i == parts.length - 1) {
                if (segments.length <= i || segments[i].isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(part.substring(1, part.length() - 2), String.join("/", Arrays.copyOfRange(segments, i, segments.length)));
                return Optional.of(parameters);
            }
            if (i >= segments.length) {
                return Optional.empty();
            }
            if (parameter) {
                if (segments[i].isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(part.substring(1, part.length() - 1), segments[i]);
            } else if (!part.equals(segments[i])) {
                return Optional.empty();
            }
        }
        return parts.length == segments.length ? Optional.of(parameters) : Optional.empty();
    }

    /**
     * A path value percent-decoded; a path keeps '+' literally (only form-encoded query strings read it as a space).
     *
     * @throws IllegalArgumentException when the value holds an invalid percent-encoding
     */
    public static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}

package io.agentmemory.functions.gateway;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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
     * How specific the template is, for choosing among templates that fit one path: literal segments count most,
     * parameters less, and a greedy parameter makes the template the last resort, as an HTTP API ranks its routes.
     */
    public int specificity() {
        int score = 0;
        for (String part : parts) {
            if (part.endsWith("+}")) {
                score -= 1_000;
            } else if (isParameter(part)) {
                score += 10;
            } else if (!part.isEmpty()) {
                score += 100;
            }
        }
        return score;
    }

    /** The parameters' names, in the order the template names them. */
    public List<String> parameterNames() {
        return Arrays.stream(parts).filter(PathTemplate::isParameter)
                .map(part -> part.substring(1, part.length() - (part.endsWith("+}") ? 2 : 1))).toList();
    }

    /** The path with each parameter's value, percent-encoded, in its place: what {@link #bind} reads back. */
    public String expand(Map<String, String> values) {
        String[] segments = parts.clone();
        for (int i = 0; i < segments.length; i++) {
            if (isParameter(segments[i])) {
                boolean greedy = segments[i].endsWith("+}");
                String name = segments[i].substring(1, segments[i].length() - (greedy ? 2 : 1));
                String value = values.get(name);
                if (value == null) {
                    throw new IllegalArgumentException("no value for " + segments[i] + " in " + template);
                }
                // A greedy parameter spans segments: its slashes stay separators.
                segments[i] = greedy ? Arrays.stream(value.split("/", -1)).map(PathTemplate::encode)
                        .collect(Collectors.joining("/")) : encode(value);
            }
        }
        return String.join("/", segments);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static boolean isParameter(String part) {
        return part.startsWith("{") && part.endsWith("}");
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

package io.agentmemory.local.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The parts of a SAM template a local run needs: each {@code AWS::Serverless::Function} with its handler,
 * settings and environment (Globals merged under the function's own), its {@code HttpApi} routes and its
 * schedules. Parameters take their defaults, as {@code sam local} does without {@code --parameter-overrides}.
 */
public final class SamTemplate {

    private static final String FUNCTION_TYPE = "AWS::Serverless::Function";
    /** Lambda's defaults when neither the function nor Globals set them. */
    private static final int DEFAULT_MEMORY_MB = 128;
    private static final int DEFAULT_TIMEOUT_SECONDS = 3;

    private final Path location;
    private final Map<String, FunctionDefinition> functions;

    private SamTemplate(Path location, Map<String, FunctionDefinition> functions) {
        this.location = location;
        this.functions = functions;
    }

    public static SamTemplate load(Path file, Consumer<String> warnings) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file, warnings);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the template " + file + ": " + e.getMessage(), e);
        }
    }

    /** Looks for {@code template.yaml} in {@code start} and its parents, as the project's commands run from any module. */
    public static Optional<Path> find(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("template.yaml");
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static SamTemplate parse(String yaml, Path location, Consumer<String> warnings) {
        Map<String, Object> root = CloudFormationYaml.parse(yaml);
        Intrinsics intrinsics = new Intrinsics(parameterDefaults(map(root.get("Parameters"))), map(root.get("Conditions")));
        Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
        Map<String, FunctionDefinition> functions = new LinkedHashMap<>();
        map(root.get("Resources")).forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            if (FUNCTION_TYPE.equals(resource.get("Type"))) {
                functions.put(id, function(id, globals, map(resource.get("Properties")), intrinsics, warnings));
            }
        });
        return new SamTemplate(location, functions);
    }

    public Path location() {
        return location;
    }

    public Map<String, FunctionDefinition> functions() {
        return functions;
    }

    public FunctionDefinition function(String logicalId) {
        FunctionDefinition function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("the template has no function " + logicalId + "; it has " + functions.keySet());
        }
        return function;
    }

    public List<HttpRoute> routes() {
        return functions.values().stream().flatMap(f -> f.routes().stream()).toList();
    }

    private static FunctionDefinition function(String id, Map<String, Object> globals, Map<String, Object> own,
                                               Intrinsics intrinsics, Consumer<String> warnings) {
        Map<String, Object> properties = new LinkedHashMap<>(globals);
        properties.putAll(own);
        String handler = required(id, "Handler", intrinsics.resolveString(properties.get("Handler")));
        String runtime = properties.containsKey("Runtime") ? intrinsics.resolveString(properties.get("Runtime")) : "";
        int memory = number(properties.get("MemorySize"), intrinsics, DEFAULT_MEMORY_MB);
        int timeout = number(properties.get("Timeout"), intrinsics, DEFAULT_TIMEOUT_SECONDS);

        // SAM merges environment variables key by key; the function's own win.
        Map<String, Object> variables = new LinkedHashMap<>(variables(globals));
        variables.putAll(variables(own));
        Map<String, String> environment = new LinkedHashMap<>();
        variables.forEach((name, raw) -> {
            try {
                Object resolved = intrinsics.resolve(raw);
                if (resolved != Intrinsics.NO_VALUE) {
                    environment.put(name, Intrinsics.asString(resolved));
                }
            } catch (Intrinsics.UnresolvableException e) {
                warnings.accept(id + ": environment variable " + name + " left unset locally (" + e.getMessage() + ")");
            }
        });

        List<HttpRoute> routes = new ArrayList<>();
        List<String> schedules = new ArrayList<>();
        map(own.get("Events")).forEach((eventName, value) -> {
            Map<String, Object> event = map(value);
            Map<String, Object> eventProperties = map(event.get("Properties"));
            String type = String.valueOf(event.get("Type"));
            switch (type) {
                case "HttpApi" -> routes.add(new HttpRoute(
                        eventProperties.containsKey("Method") ? intrinsics.resolveString(eventProperties.get("Method")) : HttpRoute.ANY,
                        eventProperties.containsKey("Path") ? intrinsics.resolveString(eventProperties.get("Path")) : HttpRoute.DEFAULT_PATH,
                        id, eventName));
                case "Schedule", "ScheduleV2" -> schedules.add(eventName + " ("
                        + describe(eventProperties.getOrDefault("Schedule", eventProperties.get("ScheduleExpression")), intrinsics) + ")");
                default -> warnings.accept(id + ": " + type + " event " + eventName + " is not served locally");
            }
        });
        return new FunctionDefinition(id, handler, runtime, memory, timeout, environment, routes, schedules);
    }

    private static Map<String, Object> parameterDefaults(Map<String, Object> parameters) {
        Map<String, Object> values = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            Map<String, Object> parameter = map(value);
            String type = String.valueOf(parameter.getOrDefault("Type", "String"));
            String fallback = parameter.containsKey("Default") ? String.valueOf(parameter.get("Default")) : "";
            boolean list = type.startsWith("List<") || type.equals("CommaDelimitedList");
            values.put(name, list ? (fallback.isEmpty() ? List.of() : List.of(fallback.split("\\s*,\\s*"))) : fallback);
        });
        return values;
    }

    private static Map<String, Object> variables(Map<String, Object> properties) {
        return map(map(properties.get("Environment")).get("Variables"));
    }

    private static int number(Object raw, Intrinsics intrinsics, int fallback) {
        if (raw == null) {
            return fallback;
        }
        String value = intrinsics.resolveString(raw);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, got '" + value + "'", e);
        }
    }

    private static String describe(Object raw, Intrinsics intrinsics) {
        try {
            return intrinsics.resolveString(raw);
        } catch (Intrinsics.UnresolvableException e) {
            return String.valueOf(raw);
        }
    }

    private static String required(String id, String property, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(id + " has no " + property + " (neither its own nor in Globals)");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("expected a mapping in the template, got " + Objects.toString(value));
    }
}

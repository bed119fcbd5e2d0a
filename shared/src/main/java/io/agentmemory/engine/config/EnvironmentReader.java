package io.agentmemory.engine.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads settings from environment variables: blank is unset, and a value that is not of its kind names the setting. */
final class EnvironmentReader {

    private final Map<String, String> env;
    private final List<String> names;

    EnvironmentReader(Map<String, String> env, List<String> names) {
        this.env = env;
        this.names = names;
    }

    String text(String name, String fallback) {
        if (!names.contains(name)) {
            throw new IllegalStateException(name + " is not among EngineConfig.SETTING_NAMES");
        }
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    boolean flag(String name, boolean fallback) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
    }

    int wholeNumber(String name, int fallback) {
        return parsed(name, fallback, Integer::parseInt, "a whole number");
    }

    double number(String name, double fallback) {
        return parsed(name, fallback, Double::parseDouble, "a number");
    }

    Duration millis(String name, Duration fallback) {
        return Duration.ofMillis(wholeNumber(name, Math.toIntExact(fallback.toMillis())));
    }

    Duration seconds(String name, Duration fallback) {
        return Duration.ofSeconds(wholeNumber(name, Math.toIntExact(fallback.toSeconds())));
    }

    Duration hours(String name, Duration fallback) {
        return Duration.ofHours(wholeNumber(name, Math.toIntExact(fallback.toHours())));
    }

    private <T> T parsed(String name, T fallback, Function<String, T> parse, String kind) {
        String value = text(name, null);
        try {
            return value == null ? fallback : parse.apply(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be " + kind + ", got '" + value + "'");
        }
    }
}

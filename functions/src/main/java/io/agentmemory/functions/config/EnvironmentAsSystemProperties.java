package io.agentmemory.functions.config;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts a function's handler in this JVM with a given environment. A JVM cannot change its environment variables,
 * so they become system properties, which Spring's Environment reads as well; they are restored afterwards so a
 * handler started later sees only its own settings. Starts are serialised for that reason.
 */
public final class EnvironmentAsSystemProperties {

    private EnvironmentAsSystemProperties() {
    }

    public static synchronized <T> T during(Map<String, String> environment, Supplier<T> start) {
        Map<String, String> previous = new HashMap<>();
        environment.forEach((key, value) -> previous.put(key, System.setProperty(key, value)));
        try {
            return start.get();
        } finally {
            previous.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }
}

package io.agentmemory.local.lambda;

import io.agentmemory.local.template.FunctionDefinition;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment a function gets on this machine: the template's variables, where the developer's own
 * environment overrides those it sets (like {@code sam local --env-vars}), and two local defaults: migrations run
 * at start-up, since there is no deployment step to run them, and JWT checks are off, since no API Gateway sits in
 * front to validate a token and pass its claims.
 */
public final class LocalEnvironment {

    static final Map<String, String> LOCAL_DEFAULTS = Map.of(
            "AUTH_MODE", "off",
            "MIGRATE_ON_INIT", "true");

    private final Map<String, String> host;

    private LocalEnvironment(Map<String, String> host) {
        this.host = Map.copyOf(host);
    }

    /** {@code host} is the runner's own environment ({@code System.getenv()}), or a test's stand-in for it. */
    public static LocalEnvironment from(Map<String, String> host) {
        return new LocalEnvironment(host);
    }

    /** Only variables the template declares are set, as in Lambda: the developer's shell does not leak in. */
    public Map<String, String> forFunction(FunctionDefinition function) {
        Map<String, String> environment = new LinkedHashMap<>();
        function.environment().forEach((name, templateValue) -> {
            String own = host.get(name);
            if (own != null) {
                environment.put(name, own);
            } else {
                environment.put(name, LOCAL_DEFAULTS.getOrDefault(name, templateValue));
            }
        });
        return environment;
    }

    public boolean authenticationOff(FunctionDefinition function) {
        return "off".equalsIgnoreCase(forFunction(function).getOrDefault("AUTH_MODE", "").strip());
    }
}

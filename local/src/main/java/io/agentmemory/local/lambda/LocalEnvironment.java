package io.agentmemory.local.lambda;

import io.agentmemory.local.template.FunctionDefinition;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment a function gets on this machine: the template's variables, where the developer's own
 * environment overrides those it sets (like {@code sam local --env-vars}), and local defaults: migrations run at
 * start-up, since there is no deployment step to run them. The local server also turns JWT checks off, since no API
 * Gateway sits in front of it to validate a token and pass its claims (it says so loudly); a single invocation runs
 * with the template's identity checks, as {@code sam local invoke} does, since its event carries the claims.
 */
public final class LocalEnvironment {

    static final Map<String, String> SERVER_DEFAULTS = Map.of(
            "AUTH_MODE", "off",
            "MIGRATE_ON_INIT", "true");
    static final Map<String, String> INVOKE_DEFAULTS = Map.of("MIGRATE_ON_INIT", "true");

    private final Map<String, String> host;
    private final Map<String, String> defaults;

    private LocalEnvironment(Map<String, String> host, Map<String, String> defaults) {
        this.host = Map.copyOf(host);
        this.defaults = defaults;
    }

    /** For the local server. {@code host} is the runner's own environment ({@code System.getenv()}), or a test's stand-in. */
    public static LocalEnvironment from(Map<String, String> host) {
        return new LocalEnvironment(host, SERVER_DEFAULTS);
    }

    /** For one invocation with an event file: the template's environment, identity checks as deployed. */
    public static LocalEnvironment forInvoke(Map<String, String> host) {
        return new LocalEnvironment(host, INVOKE_DEFAULTS);
    }

    /** Only variables the template declares are set, as in Lambda: the developer's shell does not leak in. */
    public Map<String, String> forFunction(FunctionDefinition function) {
        Map<String, String> environment = new LinkedHashMap<>();
        function.environment().forEach((name, templateValue) -> {
            String own = host.get(name);
            if (own != null) {
                environment.put(name, own);
            } else {
                environment.put(name, defaults.getOrDefault(name, templateValue));
            }
        });
        return environment;
    }

    public boolean authenticationOff(FunctionDefinition function) {
        return "off".equalsIgnoreCase(forFunction(function).getOrDefault("AUTH_MODE", "").strip());
    }
}

package io.agentmemory.local.template;

import java.util.List;
import java.util.Map;

/**
 * A function of the template with Globals applied and intrinsic functions evaluated against local parameter
 * values: what {@code sam local} would start.
 */
public record FunctionDefinition(String logicalId, String handler, String runtime, int memorySizeMb,
                                 int timeoutSeconds, Map<String, String> environment, List<HttpRoute> routes,
                                 List<String> schedules) {

    public FunctionDefinition {
        environment = Map.copyOf(environment);
        routes = List.copyOf(routes);
        schedules = List.copyOf(schedules);
    }
}

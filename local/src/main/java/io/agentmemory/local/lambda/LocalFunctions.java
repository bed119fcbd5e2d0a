package io.agentmemory.local.lambda;

import io.agentmemory.local.template.FunctionDefinition;
import io.agentmemory.local.template.SamTemplate;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** The template's functions, each started once in its own execution environment and kept warm. */
public final class LocalFunctions {

    private final Map<String, LocalFunction> functions;

    private LocalFunctions(Map<String, LocalFunction> functions) {
        this.functions = functions;
    }

    /** Starts the named functions one after another (their settings pass through JVM-wide system properties). */
    public static LocalFunctions start(SamTemplate template, Collection<String> logicalIds, LocalEnvironment environment,
                                       Consumer<String> progress) {
        Map<String, LocalFunction> started = new LinkedHashMap<>();
        for (String id : logicalIds) {
            FunctionDefinition definition = template.function(id);
            progress.accept("starting " + id + " (" + definition.handler() + ")");
            LocalFunction function = LocalFunction.start(definition, environment.forFunction(definition));
            progress.accept(id + " ready in " + function.initDuration().toMillis() + " ms");
            started.put(id, function);
        }
        return new LocalFunctions(started);
    }

    public LocalFunction get(String logicalId) {
        LocalFunction function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("function " + logicalId + " was not started; started: " + functions.keySet());
        }
        return function;
    }
}

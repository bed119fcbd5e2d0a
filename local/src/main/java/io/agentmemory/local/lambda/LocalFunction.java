package io.agentmemory.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.agentmemory.functions.config.EnvironmentAsSystemProperties;
import io.agentmemory.local.template.FunctionDefinition;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One function's execution environment in this JVM: its handler, built as Lambda builds it, with the function's
 * environment, and invoked one event at a time, as Lambda invokes an execution environment.
 */
public final class LocalFunction {

    private static final String DEFINITION_VARIABLE = "spring_cloud_function_definition";

    private final FunctionDefinition definition;
    private final RequestStreamHandler handler;
    private final Duration initDuration;

    private LocalFunction(FunctionDefinition definition, RequestStreamHandler handler, Duration initDuration) {
        this.definition = definition;
        this.handler = handler;
        this.initDuration = initDuration;
    }

    /** Builds the handler with the function's environment in place, as system properties while it starts. */
    public static LocalFunction start(FunctionDefinition definition, Map<String, String> environment) {
        Map<String, String> properties = new HashMap<>(environment);
        String functionDefinition = environment.get(DEFINITION_VARIABLE);
        if (functionDefinition != null) {
            // Spring maps the environment variable to spring.cloud.function.definition; a system property is not
            // relaxed that way, so the property name the application reads is set as well.
            properties.put(DEFINITION_VARIABLE.replace('_', '.'), functionDefinition);
        }
        return EnvironmentAsSystemProperties.during(properties, () -> {
            long started = System.nanoTime();
            RequestStreamHandler handler = createHandler(definition, functionDefinition);
            return new LocalFunction(definition, handler, Duration.ofNanos(System.nanoTime() - started));
        });
    }

    public FunctionDefinition definition() {
        return definition;
    }

    public Duration initDuration() {
        return initDuration;
    }

    /** The raw bytes the handler wrote, as Lambda returns them to its caller. */
    public synchronized byte[] invoke(byte[] event) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        long started = System.nanoTime();
        handler.handleRequest(new ByteArrayInputStream(event), output, new LocalLambdaContext(definition));
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        if (elapsedMs > definition.timeoutSeconds() * 1000L) {
            // Nothing stops a local invocation; say so, because Lambda would have ended this one.
            System.err.printf("!!! %s took %d ms, over its %d s timeout: Lambda would have stopped it. !!!%n",
                    definition.logicalId(), elapsedMs, definition.timeoutSeconds());
        }
        return output.toByteArray();
    }

    private static RequestStreamHandler createHandler(FunctionDefinition definition, String functionDefinition) {
        String[] parts = definition.handler().split("::", 2);
        String className = parts[0];
        if (parts.length == 2 && !parts[1].equals("handleRequest")) {
            throw new IllegalArgumentException(definition.logicalId() + ": handler method " + parts[1]
                    + " is not supported locally; the runner calls RequestStreamHandler.handleRequest");
        }
        if (!definition.runtime().isEmpty() && !definition.runtime().toLowerCase(Locale.ROOT).startsWith("java")) {
            throw new IllegalArgumentException(definition.logicalId() + ": runtime " + definition.runtime()
                    + " cannot run in this JVM");
        }
        Class<?> type;
        try {
            type = Class.forName(className, true, LocalFunction.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(definition.logicalId() + ": handler class " + className
                    + " is not on the classpath", e);
        }
        if (FunctionInvoker.class.isAssignableFrom(type)) {
            // What Lambda does through the no-argument constructor and the environment, with the bean named explicitly.
            try {
                return (RequestStreamHandler) type.getConstructor(String.class).newInstance(functionDefinition);
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException(definition.logicalId() + ": cannot construct " + className
                        + " with a function definition", e);
            }
        }
        if (!RequestStreamHandler.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(definition.logicalId() + ": handler " + className
                    + " is not a RequestStreamHandler; the local runner invokes stream handlers only");
        }
        try {
            return (RequestStreamHandler) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(definition.logicalId() + ": cannot construct " + className, e);
        }
    }
}

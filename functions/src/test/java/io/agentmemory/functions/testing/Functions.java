package io.agentmemory.functions.testing;

import io.agentmemory.functions.gateway.HttpApiEvent;
import io.agentmemory.engine.testing.TestServices;
import io.agentmemory.functions.MemoryFunctionsApplication;
import io.agentmemory.functions.MemoryFunctionInvoker;
import io.agentmemory.functions.config.EnvironmentAsSystemProperties;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real handler, as Lambda runs it: one {@link FunctionInvoker} per function bean, each with its own Spring
 * context and engine (like separate execution environments), fed event bytes and read back as Lambda would.
 * Invokers are kept for the JVM so warm invocations are warm, as in Lambda.
 */
public final class Functions {

    private static final Map<String, FunctionInvoker> WARM = new ConcurrentHashMap<>();

    private Functions() {
    }

    /** Settings every test environment gets: the test database and cache, JWT auth on. */
    public static Map<String, String> testEnvironment() {
        Map<String, String> env = new HashMap<>(TestServices.get().environment());
        env.put("MAIN_CLASS", MemoryFunctionsApplication.class.getName());
        env.put("AUTH_MODE", "jwt");
        return env;
    }

    public static LambdaResponse invoke(String function, byte[] event) {
        return invoke(WARM.computeIfAbsent(function, name -> start(name, testEnvironment())), function, event);
    }

    public static LambdaResponse invoke(String function, HttpApiEvent event) {
        return invoke(function, event.bytes());
    }

    public static LambdaResponse invoke(FunctionInvoker invoker, String function, byte[] event) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            invoker.handleRequest(new ByteArrayInputStream(event), output, new LambdaContext(function, 15_000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return LambdaResponse.parse(output.toByteArray());
    }

    /**
     * Starts a new execution environment for one function with the given settings, as system properties: the
     * closest a JVM test gets to Lambda's environment variables.
     */
    public static FunctionInvoker start(String function, Map<String, String> settings) {
        return EnvironmentAsSystemProperties.during(settings, () -> new MemoryFunctionInvoker(function));
    }
}

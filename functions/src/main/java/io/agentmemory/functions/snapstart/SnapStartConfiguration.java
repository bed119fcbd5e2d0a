package io.agentmemory.functions.snapstart;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.functions.FunctionBeans;
import org.springframework.boot.ApplicationRunner;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.Arrays;
import java.util.List;

/**
 * Wires the checkpoint hooks and, when the environment is being initialised for a snapshot (or
 * {@code PRIME_ON_INIT=true}), primes during init: the snapshot is taken after init, so work done here is
 * work no restored invocation repeats.
 */
@Configuration(proxyBeanMethods = false)
public class SnapStartConfiguration {

    private static final List<String> ALL_FUNCTIONS = List.of(FunctionBeans.ADD, FunctionBeans.SEARCH,
            FunctionBeans.BATCH_SEARCH, FunctionBeans.INVALIDATE, FunctionBeans.MANAGE, FunctionBeans.CONTEXT, FunctionBeans.MCP);

    @Bean
    SnapStartLifecycle snapStartLifecycle(MemoryEngine engine) {
        return new SnapStartLifecycle(engine);
    }

    @Bean
    ApplicationRunner primeDuringInit(MemoryEngine engine, FunctionCatalog catalog, Environment environment) {
        return args -> {
            boolean snapshotInit = "snap-start".equals(environment.getProperty("AWS_LAMBDA_INITIALIZATION_TYPE"));
            if (snapshotInit || environment.getProperty("PRIME_ON_INIT", Boolean.class, false)) {
                Priming.prime(engine, catalog, functionsToPrime(environment));
            }
        };
    }

    private static List<String> functionsToPrime(Environment environment) {
        String definition = environment.getProperty("spring.cloud.function.definition");
        if (definition == null || definition.isBlank()) {
            return ALL_FUNCTIONS;
        }
        return Arrays.stream(definition.split("[;|,]")).map(String::strip).filter(ALL_FUNCTIONS::contains).toList();
    }
}

package io.agentmemory.functions.testing;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the GetSecretValue calls the AWS SDK makes in this JVM, per secret. The SDK runs it in every client it
 * builds (a global interceptor, listed in the test resources), so a test counts the calls a handler really makes,
 * not what the handler's code says it does.
 */
public final class SecretReads implements ExecutionInterceptor {

    private static final Map<String, AtomicInteger> READS = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
        if (context.request() instanceof GetSecretValueRequest read) {
            READS.computeIfAbsent(read.secretId(), id -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** GetSecretValue calls made so far for this secret id (as the caller named it, e.g. its ARN). */
    public static int of(String secretId) {
        AtomicInteger reads = READS.get(secretId);
        return reads == null ? 0 : reads.get();
    }
}

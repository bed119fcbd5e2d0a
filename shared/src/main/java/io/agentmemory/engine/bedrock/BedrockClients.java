package io.agentmemory.engine.bedrock;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;

import java.time.Duration;

/**
 * The one Bedrock runtime client of an execution environment: the small URL-connection HTTP client (no Netty,
 * no Apache: faster init), the SDK's standard retry strategy (throttling and 5xx are retried with backoff and
 * jitter, up to the configured attempts), and the whole call, retries included, held to the time budget.
 */
public final class BedrockClients {

    private BedrockClients() {
    }

    public static BedrockRuntimeClient create(BedrockSettings settings) {
        return create(settings, DefaultCredentialsProvider.builder().build());
    }

    /** {@code interceptors} see each call's HTTP exchange, e.g. to record Bedrock's answers for the benchmark. */
    public static BedrockRuntimeClient create(BedrockSettings settings, AwsCredentialsProvider credentials,
                                              ExecutionInterceptor... interceptors) {
        Duration budget = settings.callTimeout();
        BedrockRuntimeClientBuilder builder = BedrockRuntimeClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofMillis(Math.min(2_000, budget.toMillis())))
                        .socketTimeout(budget))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(settings.maxAttempts()).build())
                        .apiCallTimeout(budget)
                        .executionInterceptors(java.util.List.of(interceptors))
                        .build());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }
}

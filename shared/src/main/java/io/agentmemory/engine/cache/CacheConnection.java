package io.agentmemory.engine.cache;

import io.agentmemory.engine.Deadlines;
import io.agentmemory.engine.config.CacheSettings;
import io.agentmemory.engine.observability.StageTimings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The one Lettuce connection of an execution environment and the circuit breaker in front of it: a short command
 * timeout, commands rejected (not queued) while disconnected, and a breaker so that a dead cache costs nothing
 * once it is known dead. Nothing needs repairing when it comes back: cached values carry the revision they were
 * computed from, so whatever the cache missed while away cannot be served (see {@code UserRevisions}).
 */
final class CacheConnection {

    private static final Logger LOG = LoggerFactory.getLogger(CacheConnection.class);
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final CacheSettings settings;
    private final CircuitBreaker breaker;
    private final RedisURI uri;
    private final Duration guardTimeout;
    private final Deadlines deadlines;
    private volatile ClientResources resources;
    private volatile RedisClient client;
    private volatile CompletableFuture<StatefulRedisConnection<String, byte[]>> connection;

    CacheConnection(CacheSettings settings, String clientName, Deadlines deadlines) {
        this.settings = settings;
        this.deadlines = deadlines;
        this.uri = RedisURI.create(settings.url());
        this.uri.setTimeout(settings.commandTimeout());
        this.uri.setClientName(clientName);
        this.guardTimeout = settings.commandTimeout().multipliedBy(2).plusMillis(50);
        this.breaker = CircuitBreaker.of("cache", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(50)
                .waitDurationInOpenState(settings.breakerOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        breaker.getEventPublisher().onStateTransition(event -> LOG.warn("cache circuit breaker {}", event.getStateTransition()));
    }

    CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** A blocking piece of work on the synchronous API (the sweep's scans), off the caller's thread, behind the breaker. */
    <T> Mono<T> blocking(Function<RedisCommands<String, byte[]>, T> work) {
        return Mono.fromCallable(() -> work.apply(connection().get().sync()))
                .subscribeOn(Schedulers.boundedElastic())
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .as(w -> StageTimings.timed(StageTimings.Stage.CACHE, w));
    }

    /** Closes the connection (before a snapshot); the next call reconnects. */
    void disconnect() {
        CompletableFuture<StatefulRedisConnection<String, byte[]>> c;
        RedisClient oldClient;
        ClientResources oldResources;
        synchronized (this) {
            c = connection;
            oldClient = client;
            oldResources = resources;
            connection = null;
            client = null;
            resources = null;
        }
        if (c != null) {
            c.thenAccept(StatefulRedisConnection::close).exceptionally(e -> null);
        }
        if (oldClient != null) {
            oldClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (oldResources != null) {
            oldResources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    boolean isConnected() {
        CompletableFuture<StatefulRedisConnection<String, byte[]>> c = connection;
        return c != null && c.isDone() && !c.isCompletedExceptionally() && c.join().isOpen();
    }

    <T> Mono<T> call(Function<RedisAsyncCommands<String, byte[]>, CompletableFuture<T>> command) {
        return StageTimings.timed(StageTimings.Stage.CACHE,
                deadlines.within(Mono.defer(() -> Mono.fromCompletionStage(connection().thenCompose(c -> command.apply(c.async())))),
                                guardTimeout)
                        .transformDeferred(CircuitBreakerOperator.of(breaker)));
    }

    private CompletableFuture<StatefulRedisConnection<String, byte[]>> connection() {
        CompletableFuture<StatefulRedisConnection<String, byte[]>> c = connection;
        if (c != null && !(c.isDone() && (c.isCompletedExceptionally() || !c.join().isOpen() && !autoReconnecting(c)))) {
            return c;
        }
        synchronized (this) {
            if (connection == c) {
                if (client == null) {
                    resources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build();
                    client = RedisClient.create(resources);
                    client.setOptions(ClientOptions.builder()
                            .autoReconnect(true)
                            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                            .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                            .socketOptions(SocketOptions.builder().connectTimeout(settings.commandTimeout().multipliedBy(2))
                                    .keepAlive(true).build())
                            .build());
                }
                connection = client.connectAsync(CODEC, uri).toCompletableFuture();
            }
            return connection;
        }
    }

    private static boolean autoReconnecting(CompletableFuture<StatefulRedisConnection<String, byte[]>> c) {
        // Lettuce keeps a dropped connection object and reconnects it in the background; keep using it
        // (commands are rejected until it is back) instead of opening a second connection.
        return c.join().getOptions().isAutoReconnect();
    }
}

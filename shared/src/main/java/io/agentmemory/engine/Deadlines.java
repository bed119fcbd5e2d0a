package io.agentmemory.engine;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Time limits on the engine's calls that cost no thread wake-up per call. Reactor's {@code timeout(Duration)}
 * schedules each limit on its parallel scheduler, whose delay queue wakes a thread whenever a new limit becomes
 * the earliest one, which with one call at a time is every call: a cache-miss search set five limits (cache
 * look-up and fill, the database call, the pool's acquisition and validation) and woke five threads that had
 * nothing to do. Here limits go into one hashed timing wheel (Netty's, as Lettuce uses for its command
 * timeouts): adding or cancelling one wakes nobody; the wheel's thread ticks every 10 ms, which is also how late
 * a limit may fire.
 */
public final class Deadlines {

    private static final HashedWheelTimer WHEEL = new HashedWheelTimer(
            new DefaultThreadFactory("engine-deadlines", true), 10, TimeUnit.MILLISECONDS);

    private Deadlines() {
    }

    /**
     * {@code work}, or a {@link java.util.concurrent.TimeoutException} if it has neither produced its value nor
     * completed within {@code limit}; the work is cancelled then, and the limit is withdrawn when the work ends.
     */
    public static <T> Mono<T> within(Mono<T> work, Duration limit) {
        return work.timeout(after(limit));
    }

    /** Limits set and not yet fired or withdrawn (for tests). */
    static long pending() {
        return WHEEL.pendingTimeouts();
    }

    private static Mono<Long> after(Duration limit) {
        return Mono.create(sink -> {
            Timeout timeout = WHEEL.newTimeout(fired -> sink.success(0L), limit.toNanos(), TimeUnit.NANOSECONDS);
            sink.onDispose(timeout::cancel);
        });
    }
}

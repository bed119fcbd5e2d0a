package io.agentmemory.engine;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Time limits on an engine's calls that cost no thread wake-up per call. Reactor's {@code timeout(Duration)}
 * schedules each limit on its parallel scheduler, whose delay queue wakes a thread whenever a new limit becomes
 * the earliest one, which with one call at a time is every call: a cache-miss search set five limits (cache
 * look-up and fill, the database call, the pool's acquisition and validation) and woke five threads that had
 * nothing to do. Here limits go into a hashed timing wheel (Netty's, as Lettuce uses for its command timeouts):
 * setting or withdrawing one wakes nobody; the wheel's thread ticks every 50 ms, which is also how late a limit
 * may fire.
 *
 * <p>Every engine of the process shares one wheel, as Netty asks of its timers. It stops when the last engine
 * using it stops its connections ({@link #suspend()}): a wheel left ticking through a SnapStart snapshot would,
 * on restore, replay every tick the snapshot slept through. The next limit starts a new wheel.
 */
public final class Deadlines {

    private static final long TICK_MILLIS = 50;
    private static final Object SHARING = new Object();
    private static HashedWheelTimer shared;
    private static int holders;

    /** The shared wheel while this engine holds it. */
    private volatile HashedWheelTimer held;

    /**
     * {@code work}, or a {@link java.util.concurrent.TimeoutException} if it has neither produced its value nor
     * completed within {@code limit}; the work is cancelled then, and the limit is withdrawn when the work ends.
     */
    public <T> Mono<T> within(Mono<T> work, Duration limit) {
        return work.timeout(after(limit));
    }

    /**
     * Lets go of the shared wheel; the last engine to let go stops its thread, and its limits still set never
     * fire. Call it only when none of this engine's work is in flight.
     */
    public void suspend() {
        HashedWheelTimer stopping = null;
        synchronized (SHARING) {
            if (held == null) {
                return;
            }
            held = null;
            if (--holders == 0) {
                stopping = shared;
                shared = null;
            }
        }
        if (stopping != null) {
            stopping.stop();
        }
    }

    /** Limits set on the shared wheel and not yet fired or withdrawn (a withdrawn one is counted out at the next tick). */
    static long pending() {
        synchronized (SHARING) {
            return shared == null ? 0 : shared.pendingTimeouts();
        }
    }

    private Mono<Long> after(Duration limit) {
        return Mono.create(sink -> {
            Timeout timeout = wheel().newTimeout(fired -> sink.success(0L), limit.toNanos(), TimeUnit.NANOSECONDS);
            sink.onDispose(timeout::cancel);
        });
    }

    private HashedWheelTimer wheel() {
        HashedWheelTimer current = held;
        if (current != null) {
            return current;
        }
        synchronized (SHARING) {
            if (held == null) {
                if (shared == null) {
                    shared = new HashedWheelTimer(new DefaultThreadFactory("engine-deadlines", true), TICK_MILLIS, TimeUnit.MILLISECONDS);
                }
                holders++;
                held = shared;
            }
            return held;
        }
    }
}

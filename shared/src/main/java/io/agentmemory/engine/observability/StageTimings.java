package io.agentmemory.engine.observability;

import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Where one call's time went: the cache, the embedding model, the database. A caller that wants the split puts an
 * instance in the Reactor context of the engine call ({@link #attachTo}); the engine's cache, model and database
 * parts time their own work into it, so a slow answer says which part was slow without a profiler. Work that
 * runs in parallel (a batch's two halves) adds up, as CPU time would; work the answer does not wait for (the
 * cache fill after a search) is not counted.
 */
public final class StageTimings {

    public enum Stage {
        CACHE, EMBEDDING, DATABASE
    }

    private final AtomicLongArray nanos = new AtomicLongArray(Stage.values().length);

    /** {@code work} as part of the call's {@code stage}, timed from subscription to its end when a caller asked. */
    public static <T> Mono<T> timed(Stage stage, Mono<T> work) {
        return timed(stage, work, true);
    }

    /**
     * {@code work} timed as {@link #timed} only if it gives a value: a model call stopped before it gave a vector (the
     * shared cache answered first) is no model time of the call; its few tenths of a millisecond count as the
     * engine's own.
     */
    public static <T> Mono<T> timedIfItGivesAValue(Stage stage, Mono<T> work) {
        return timed(stage, work, false);
    }

    private static <T> Mono<T> timed(Stage stage, Mono<T> work, boolean countsEmpty) {
        return Mono.deferContextual(context -> {
            StageTimings timings = of(context);
            if (timings == null) {
                return work;
            }
            long started = System.nanoTime();
            // Stopped as the result passes, not after: a caller blocking on the call reads the record as soon as
            // the value arrives, before a doFinally would have run.
            AtomicBoolean stopped = new AtomicBoolean();
            Runnable stop = () -> {
                if (stopped.compareAndSet(false, true)) {
                    timings.nanos.addAndGet(stage.ordinal(), System.nanoTime() - started);
                }
            };
            return work.doOnSuccess(value -> {
                if (value != null || countsEmpty) {
                    stop.run();
                }
            }).doOnError(error -> stop.run()).doOnCancel(stop);
        });
    }

    /** {@code call} with this instance in its context, so the engine's stages time themselves into it. */
    public <T> Mono<T> attachTo(Mono<T> call) {
        return call.contextWrite(context -> context.put(StageTimings.class, this));
    }

    /** Milliseconds spent per stage so far; stages the call did not use are absent. */
    public Map<Stage, Double> millis() {
        Map<Stage, Double> millis = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            long spent = nanos.get(stage.ordinal());
            if (spent > 0) {
                millis.put(stage, spent / 1e6);
            }
        }
        return millis;
    }

    private static StageTimings of(ContextView context) {
        return context.getOrDefault(StageTimings.class, null);
    }
}

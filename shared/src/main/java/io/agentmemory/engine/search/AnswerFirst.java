package io.agentmemory.engine.search;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A call's answer handed to its caller before follow-up work on the same value runs, on the same thread: the
 * caller (a handler blocked on the answer) is woken first and answers while the follow-up runs. Reactor's own
 * after-the-fact hooks are not sure to run, since a caller that blocks on a {@link Mono} cancels it as the value
 * arrives; code that follows the hand-over in the same frame always runs.
 */
final class AnswerFirst {

    private static final Logger LOG = LoggerFactory.getLogger(AnswerFirst.class);

    private AnswerFirst() {
    }

    /**
     * @param followUp work the answer does not wait for (a cache fill); a failure of it is logged, never the
     *                 caller's
     */
    static <T, R> Mono<R> then(Mono<T> source, Function<T, R> answer, Consumer<T> followUp) {
        return Mono.deferContextual(context -> Mono.<R>create(sink -> {
            Disposable upstream = source.contextWrite(context).subscribe(value -> {
                R result;
                try {
                    result = answer.apply(value);
                } catch (RuntimeException e) {
                    sink.error(e);
                    return;
                }
                try {
                    sink.success(result);
                } finally {
                    try {
                        followUp.accept(value);
                    } catch (RuntimeException e) {
                        LOG.warn("follow-up after the answer failed: {}", e.toString());
                    }
                }
            }, sink::error, sink::success);
            sink.onCancel(upstream);
        }));
    }
}

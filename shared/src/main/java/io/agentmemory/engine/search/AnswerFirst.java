package io.agentmemory.engine.search;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import java.util.function.Function;

/**
 * A call's answer handed to its caller before follow-up work runs, on the same thread: the caller (a handler
 * blocked on the answer) is woken first and answers while the follow-up runs. Reactor's own after-the-fact hooks
 * are not sure to run, since a caller that blocks on a {@link Mono} cancels it as the value arrives; code that
 * follows the hand-over in the same frame always runs.
 */
final class AnswerFirst {

    private static final Logger LOG = LoggerFactory.getLogger(AnswerFirst.class);

    /**
     * @param followUp work the answer does not wait for (a cache fill); a failure of it is logged, never the
     *                 caller's
     */
    record Answer<R>(R value, Runnable followUp) {
    }

    private AnswerFirst() {
    }

    /** {@code source}'s value made into the caller's answer, whose follow-up runs once the caller has it. */
    static <T, R> Mono<R> then(Mono<T> source, Function<T, Answer<R>> answer) {
        return Mono.deferContextual(context -> Mono.<R>create(sink -> {
            Disposable upstream = source.contextWrite(context).subscribe(value -> {
                Answer<R> answered;
                try {
                    answered = answer.apply(value);
                } catch (RuntimeException e) {
                    sink.error(e);
                    return;
                }
                try {
                    sink.success(answered.value());
                } finally {
                    try {
                        answered.followUp().run();
                    } catch (RuntimeException e) {
                        LOG.warn("follow-up after the answer failed: {}", e.toString());
                    }
                }
            }, sink::error, sink::success);
            sink.onCancel(upstream);
        }));
    }
}

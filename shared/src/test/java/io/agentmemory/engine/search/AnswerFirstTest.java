package io.agentmemory.engine.search;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The caller has its answer before the follow-up runs, and the follow-up runs although a blocking caller cancels on the value. */
class AnswerFirstTest {

    @Test
    void theCallerIsAnsweredBeforeTheFollowUpRunsOnTheAnsweringThread() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch followedUp = new CountDownLatch(1);
        CountDownLatch callerAnswered = new CountDownLatch(1);
        Sinks.One<Integer> rows = Sinks.one();
        Mono<String> call = AnswerFirst.then(rows.asMono(), value -> new AnswerFirst.Answer<>("answer " + value, () -> {
            try {
                // The follow-up waits until the caller has taken the answer: it can, only if it runs after it.
                events.add("follow-up started, caller answered: " + callerAnswered.await(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add("follow-up on " + Thread.currentThread().getName());
            followedUp.countDown();
        }));
        Thread caller = Thread.ofPlatform().start(() -> {
            events.add(call.block(Duration.ofSeconds(5)));
            callerAnswered.countDown();
        });
        // The caller subscribes first, as the engine's handler does; the value then arrives on another thread.
        Thread.sleep(50);
        Thread answering = Thread.ofPlatform().name("answering").start(() -> rows.tryEmitValue(7));

        assertThat(followedUp.await(5, TimeUnit.SECONDS)).isTrue();
        caller.join(5_000);
        answering.join(5_000);
        assertThat(events).containsExactly("answer 7", "follow-up started, caller answered: true", "follow-up on answering");
    }

    @Test
    void aFailedFollowUpIsNotTheCallersAndAFailedAnswerSkipsTheFollowUp() {
        List<String> followUps = new CopyOnWriteArrayList<>();
        assertThat(AnswerFirst.then(Mono.just(1), v -> new AnswerFirst.Answer<>("ok", () -> {
            throw new IllegalStateException("cache fill failed");
        })).block(Duration.ofSeconds(5))).isEqualTo("ok");

        assertThatThrownBy(() -> AnswerFirst.<Integer, String>then(Mono.just(1), v -> {
            throw new IllegalArgumentException("bad rows");
        }).block(Duration.ofSeconds(5))).hasMessageContaining("bad rows");
        assertThatThrownBy(() -> AnswerFirst.then(Mono.<Integer>error(new IllegalStateException("database down")),
                v -> new AnswerFirst.Answer<>("x", () -> followUps.add("ran"))).block(Duration.ofSeconds(5)))
                .hasMessageContaining("database down");
        assertThat(followUps).isEmpty();
        assertThat(AnswerFirst.then(Mono.<Integer>empty(), v -> new AnswerFirst.Answer<>("x", () -> followUps.add("ran")))
                .blockOptional(Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void aCallCancelledBeforeItsValueCancelsTheWorkBehindIt() {
        Sinks.One<Integer> rows = Sinks.one();
        List<String> cancelled = new CopyOnWriteArrayList<>();
        Mono<Integer> source = rows.asMono().doOnCancel(() -> cancelled.add("source cancelled"));
        AnswerFirst.then(source, v -> new AnswerFirst.Answer<>(v, () -> { })).subscribe().dispose();
        assertThat(cancelled).containsExactly("source cancelled");
    }
}

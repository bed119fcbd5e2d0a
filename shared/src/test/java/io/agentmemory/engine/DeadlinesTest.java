package io.agentmemory.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Time limits on the wheel: they fail work that overruns, and a limit never outlives the work it guards. */
class DeadlinesTest {

    private final Deadlines deadlines = new Deadlines();

    @AfterEach
    void stopTheWheel() {
        deadlines.suspend();
    }

    @Test
    void workThatAnswersInTimeKeepsItsValueAndWithdrawsItsLimit() throws InterruptedException {
        long before = Deadlines.pending();

        assertThat(deadlines.within(Mono.just("answer"), Duration.ofSeconds(30)).block()).isEqualTo("answer");
        assertThat(deadlines.within(Mono.<String>empty(), Duration.ofSeconds(30)).block()).isNull();
        assertThatThrownBy(() -> deadlines.within(Mono.error(new IllegalStateException("failed")), Duration.ofSeconds(30)).block())
                .isInstanceOf(IllegalStateException.class).hasMessage("failed");

        // The wheel's thread counts a withdrawn limit out at its next tick.
        long waitUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (Deadlines.pending() > before && System.nanoTime() < waitUntil) {
            Thread.sleep(5);
        }
        assertThat(Deadlines.pending()).as("no 30 s limit left waiting on the wheel").isLessThanOrEqualTo(before);
    }

    @Test
    void aSuspendedWheelStartsAgainForTheNextLimit() {
        assertThat(deadlines.within(Mono.just(1), Duration.ofSeconds(1)).block()).isEqualTo(1);
        deadlines.suspend();

        assertThat(deadlines.within(Mono.just(2), Duration.ofSeconds(1)).block()).isEqualTo(2);
        assertThatThrownBy(() -> deadlines.within(Mono.never(), Duration.ofMillis(50)).block(Duration.ofSeconds(10)))
                .hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void workThatOverrunsFailsWithATimeoutAndIsCancelled() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Mono<String> never = Mono.<String>never().doOnCancel(() -> cancelled.set(true));

        assertThatThrownBy(() -> deadlines.within(never, Duration.ofMillis(50)).block(Duration.ofSeconds(10)))
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(cancelled).as("the overrunning work is cancelled").isTrue();
    }
}

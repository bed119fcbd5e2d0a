package io.agentmemory.engine.embedding;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A stop interrupts the call while it runs, keeps one from starting, and reaches nothing once the call has ended. */
class ModelStopTest {

    @Test
    void aRequestWhileTheCallRunsInterruptsIt() {
        ModelStop stop = new ModelStop();
        AtomicInteger interrupts = new AtomicInteger();
        assertThat(stop.attach(interrupts::incrementAndGet)).isTrue();
        stop.request();
        assertThat(interrupts).hasValue(1);
        assertThat(stop.requested()).isTrue();
    }

    @Test
    void aCallAskedToStopBeforeItBeginsDoesNotBegin() {
        ModelStop stop = new ModelStop();
        stop.request();
        AtomicInteger interrupts = new AtomicInteger();
        assertThat(stop.attach(interrupts::incrementAndGet)).isFalse();
        assertThat(interrupts).hasValue(0);
    }

    @Test
    void aRequestAfterTheCallEndedInterruptsNothing() {
        ModelStop stop = new ModelStop();
        AtomicInteger interrupts = new AtomicInteger();
        stop.attach(interrupts::incrementAndGet);
        stop.detach();
        stop.request();
        assertThat(interrupts).hasValue(0);
        assertThat(stop.requested()).isTrue();
    }
}

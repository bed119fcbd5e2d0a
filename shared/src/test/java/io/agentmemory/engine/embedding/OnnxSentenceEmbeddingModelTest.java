package io.agentmemory.engine.embedding;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OnnxSentenceEmbeddingModelTest {

    private static OnnxSentenceEmbeddingModel model;

    @BeforeAll
    static void load() {
        model = OnnxSentenceEmbeddingModel.load();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void vectorsHaveTheModelDimensionAndUnitLength() {
        float[] v = model.embed("Prefers window seats on long flights");
        assertThat(v).hasSize(384);
        assertThat(dot(v, v)).isCloseTo(1.0, within(1e-4));
    }

    /**
     * The quantised model quantises activations per call (dynamic quantisation), so a text's vector moves
     * slightly with the batch it is in; it must stay the same meaning, not the same bits.
     */
    @Test
    void aBatchGivesNearlyTheSameVectorsAsOneByOne() {
        List<String> texts = List.of("Is vegetarian", "Budget is about 2,000 EUR for a week in Italy",
                "Loves hiking in the Alps");
        List<float[]> batch = model.embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(dot(batch.get(i), model.embed(texts.get(i)))).isGreaterThan(0.98);
        }
    }

    @Test
    void similarMeaningsAreCloserThanUnrelatedOnes() {
        float[] seats = model.embed("Prefers window seats");
        float[] seatsParaphrase = model.embed("likes to sit by the window on planes");
        float[] food = model.embed("Is allergic to peanuts");
        assertThat(dot(seats, seatsParaphrase)).isGreaterThan(dot(seats, food));
    }

    @Test
    void longTextIsTruncatedNotRejected() {
        assertThat(model.embed("word ".repeat(5_000))).hasSize(384);
    }

    @Test
    void aQueryAskedToStopBeforeItBeginsIsNotEmbedded() {
        ModelStop stop = new ModelStop();
        stop.request();
        assertThat(model.embedQuery("which seat should I book", stop)).isNull();
    }

    @Test
    void aQueryNobodyStopsGetsTheSameVectorAsWithoutAStop() {
        ModelStop stop = new ModelStop();
        float[] stoppable = model.embedQuery("which seat should I book", stop);
        // Once the call has ended a request interrupts nothing (the run's options are freed by then).
        stop.request();
        assertThat(stoppable).containsExactly(model.embedQuery("which seat should I book"));
    }

    /** A text at the model's token limit takes tens of milliseconds, so the request arrives while it runs. */
    @Test
    void aRunningQueryStopsWhenAnotherThreadAsks() throws Exception {
        ModelStop stop = new ModelStop();
        CompletableFuture<float[]> running = CompletableFuture.supplyAsync(() -> model.embedQuery("word ".repeat(5_000), stop));
        Thread.sleep(3);
        stop.request();
        assertThat(running.get(30, TimeUnit.SECONDS)).isNull();
        assertThat(model.embedQuery("the model answers again after a stopped run")).hasSize(384);
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

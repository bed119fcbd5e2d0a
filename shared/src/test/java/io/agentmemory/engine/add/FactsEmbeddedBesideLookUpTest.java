package io.agentmemory.engine.add;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.HeldModel;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An add embeds its facts while it asks which of them the user already holds word for word (the real database and
 * the real model, run as an in-process one that counts its calls). Whatever the look-up answers, the add decides and
 * embeds as if it had waited for it: facts all new use the vectors computed ahead; a fact already held stops the
 * model, and only the others are embedded.
 */
class FactsEmbeddedBesideLookUpTest {

    private static HeldModel model;
    private static MemoryEngine engine;

    @BeforeAll
    static void start() {
        model = new HeldModel(EngineFixture.engine().embeddingModel());
        engine = MemoryEngine.create(TestServices.get().config(), model, new RuleBasedFactExtractor());
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @BeforeEach
    void nothingHeld() {
        model.holdsUntilStopped = false;
    }

    private static AddResult addAsSent(String user, String... facts) {
        List<Message> messages = Arrays.stream(facts).map(f -> new Message("user", f)).toList();
        return engine.add(AddRequest.of(user, messages).withInfer(false)).block(WAIT);
    }

    @Test
    void factsAllNewAreEmbeddedOnceBesideTheLookUp() {
        String user = newUser();
        HeldModel.Counts before = model.counts();

        AddResult added = addAsSent(user, "Prefers window seats", "Is vegetarian");

        assertThat(added.results()).extracting(FactResult::event).containsExactly(MemoryEvent.ADD, MemoryEvent.ADD);
        HeldModel.Counts after = model.counts();
        assertThat(after.ahead() - before.ahead()).isEqualTo(1);
        assertThat(after.stopped() - before.stopped()).isZero();
        assertThat(after.afterLookUp() - before.afterLookUp()).as("not embedded again").isZero();
        assertThat(engine.search(SearchRequest.of(user, "where do I like to sit on a plane")).block(WAIT).results().get(0).memory())
                .isEqualTo("Prefers window seats");
    }

    @Test
    void aFactAlreadyHeldStopsTheModelAndOnlyTheOthersAreEmbedded() {
        String user = newUser();
        addAsSent(user, "Prefers window seats");
        model.holdsUntilStopped = true;
        HeldModel.Counts before = model.counts();
        int batchesBefore = model.storedBatchesAfterLookUp().size();

        AddResult added = addAsSent(user, "Prefers window seats", "Is vegetarian");

        assertThat(added.results()).extracting(FactResult::event).containsExactly(MemoryEvent.NOOP, MemoryEvent.ADD);
        HeldModel.Counts after = model.counts();
        assertThat(after.stopped() - before.stopped()).as("the look-up stopped the model").isEqualTo(1);
        List<List<String>> batches = model.storedBatchesAfterLookUp();
        assertThat(batches.subList(batchesBefore, batches.size())).containsExactly(List.of("Is vegetarian"));
    }

    @Test
    void factsAllHeldNeedNoModel() {
        String user = newUser();
        addAsSent(user, "Prefers window seats", "Is vegetarian");
        model.holdsUntilStopped = true;
        HeldModel.Counts before = model.counts();

        AddResult again = addAsSent(user, "Is vegetarian", "Prefers window seats");

        assertThat(again.results()).extracting(FactResult::event).containsExactly(MemoryEvent.NOOP, MemoryEvent.NOOP);
        HeldModel.Counts after = model.counts();
        assertThat(after.stopped() - before.stopped()).isEqualTo(1);
        assertThat(after.afterLookUp() - before.afterLookUp()).isZero();
    }
}

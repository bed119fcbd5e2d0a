package io.agentmemory.engine;

import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchMode;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.SearchResult;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;
import io.agentmemory.engine.reliability.Sql;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.ForwardingEmbeddingModel;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An add does not embed the facts the user's memories already say word for word: which ones they are is asked
 * before the model runs, and they are decided NOOP by their memory when the decisions are read. A memory that
 * goes away in between makes the add start again with every fact embedded, so nothing is stored without a vector.
 * When every fact is held already and no answer is to be kept, that read is the whole add.
 */
class AlreadyStatedFactsTest {

    private static MemoryEngine engine;
    private static RecordingModel model;

    @BeforeAll
    static void start() {
        model = new RecordingModel(EngineFixture.engine().embeddingModel());
        engine = MemoryEngine.create(TestServices.get().config(), model, new RuleBasedFactExtractor());
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @BeforeEach
    void forget() {
        model.embedded.clear();
        model.onFirstCall = user -> { };
    }

    @Test
    void factsTheUserAlreadyHoldsAreNotEmbeddedAgain() {
        String user = newUser();
        EngineFixture.store(engine, user, "Prefers window seats", "Is vegetarian");
        model.embedded.clear();

        AddResult again = add(user, "Flies to Oslo in May", "prefers window seats.", "Is vegetarian");

        assertThat(again.results()).extracting(FactResult::event)
                .containsExactly(MemoryEvent.ADD, MemoryEvent.NOOP, MemoryEvent.NOOP);
        assertThat(again.results().get(1).memory()).isEqualTo("Prefers window seats");
        assertThat(model.embedded).as("only the new fact went to the model").containsExactly("Flies to Oslo in May");
        assertThat(EngineFixture.memoryCount(engine, user)).isEqualTo(3);
    }

    @Test
    void aStatedFactWhoseMemoryIsDeletedMeanwhileIsAddedWithItsVector() {
        String user = newUser();
        FactResult before = EngineFixture.store(engine, user, "Prefers window seats").results().get(0);
        model.embedded.clear();
        // Another environment deletes the memory after the look-up has named it, before the add's decisions are read.
        model.onFirstCall = u -> Sql.count("WITH gone AS (DELETE FROM memories WHERE user_id = ? RETURNING 1) "
                + "SELECT count(*) FROM gone", u);

        AddResult again = add(user, "Flies to Oslo in May", "Prefers window seats");

        FactResult readded = again.results().get(1);
        assertThat(readded.event()).isEqualTo(MemoryEvent.ADD);
        assertThat(readded.id()).isNotEqualTo(before.id());
        assertThat(model.embedded).as("the new fact, then the add again with both")
                .containsExactly("Flies to Oslo in May", "Flies to Oslo in May", "Prefers window seats");
        SearchResult found = engine.search(SearchRequest.of(user, "Prefers window seats").withMode(SearchMode.SEMANTIC))
                .block(WAIT);
        assertThat(found.results().get(0).memory()).isEqualTo("Prefers window seats");
        assertThat(found.results().get(0).score()).as("stored with its own vector").isGreaterThan(0.9);
    }

    @Test
    void anAddOfFactsAllHeldWordForWordIsOneReadWithoutTheModelOrTheWriterLock() throws Exception {
        String user = newUser();
        List<FactResult> stored = EngineFixture.store(engine, user, "Prefers window seats", "Is vegetarian").results();
        model.embedded.clear();
        try (Connection holder = TestServices.get().jdbc()) {
            // Another environment's add holds the user's writer lock: an add that needed it would wait.
            Sql.writerLock(holder, user, true);
            AddResult again = add(user, "is vegetarian", "Prefers window seats.");
            Sql.writerLock(holder, user, false);

            assertThat(again.results()).extracting(FactResult::event).containsExactly(MemoryEvent.NOOP, MemoryEvent.NOOP);
            assertThat(again.results()).extracting(FactResult::id).containsExactly(stored.get(1).id(), stored.get(0).id());
            assertThat(again.results()).extracting(FactResult::memory).containsExactly("Is vegetarian", "Prefers window seats");
            assertThat(again.replayed()).isFalse();
        }
        assertThat(model.embedded).isEmpty();
    }

    @Test
    void withAnIdempotencyKeySuchAnAddStillKeepsItsAnswer() {
        String user = newUser();
        EngineFixture.store(engine, user, "Prefers window seats");
        AddRequest request = AddRequest.of(user, List.of(new Message("user", "Prefers window seats")))
                .withInfer(false).withIdempotencyKey("resend-1");

        AddResult first = engine.add(request).block(WAIT);
        AddResult retried = engine.add(request).block(WAIT);

        assertThat(first.results()).extracting(FactResult::event).containsExactly(MemoryEvent.NOOP);
        assertThat(first.replayed()).isFalse();
        assertThat(retried.replayed()).isTrue();
        assertThat(retried.results()).isEqualTo(first.results());
    }

    private static AddResult add(String user, String... facts) {
        model.user = user;
        List<Message> messages = java.util.Arrays.stream(facts).map(m -> new Message("user", m)).toList();
        return engine.add(AddRequest.of(user, messages).withInfer(false)).block(WAIT);
    }

    /** The real model, recording the texts it embeds for storage and running a step on its first call. */
    private static final class RecordingModel extends ForwardingEmbeddingModel {
        private final List<String> embedded = new CopyOnWriteArrayList<>();
        private volatile Consumer<String> onFirstCall = user -> { };
        private volatile String user;

        RecordingModel(EmbeddingModel model) {
            super(model);
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            Consumer<String> first = onFirstCall;
            onFirstCall = u -> { };
            first.accept(user);
            embedded.addAll(texts);
            return model.embedAll(texts);
        }

        @Override
        public float[] embedQuery(String query) {
            return model.embedQuery(query);
        }
    }
}

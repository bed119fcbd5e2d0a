package io.agentmemory.engine.reliability;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;
import io.agentmemory.engine.facts.FactAttributes;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many writers of one user at the same moment, from several execution environments (engines with their own pools):
 * writes are serialised per user in the database, so the outcome is one a serial order would give — no duplicate,
 * no lost update, a complete history — and a retried request is written once however the retries race.
 */
class ConcurrentWritesTest {

    /**
     * Topics whose variants state another value of one single-valued attribute (the attribute table reads them so)
     * and no attribute of another topic, so the serial outcome is known: one memory per topic, ADDed once, then
     * UPDATEd or NOOP. Each topic is named by a word its facts, as extracted, always contain.
     */
    private static final List<List<String>> TOPICS = List.of(
            List.of("My travel budget is about 1000 EUR.", "My travel budget is about 2000 EUR.",
                    "My travel budget is about 3000 EUR."),
            List.of("I prefer window seats on long flights.", "I prefer aisle seats on long flights.",
                    "I prefer middle seats on long flights."),
            List.of("My home airport is Munich.", "My home airport is Hamburg.", "My home airport is Berlin."),
            List.of("My phone number is +49 170 1111111.", "My phone number is +49 170 2222222.",
                    "My phone number is +49 170 3333333."),
            List.of("My hotel loyalty tier is silver.", "My hotel loyalty tier is gold.",
                    "My hotel loyalty tier is platinum."),
            List.of("My employer is Siemens.", "My employer is Bosch.", "My employer is SAP."));
    private static final List<String> TOPIC_WORDS = List.of("budget", "seats", "airport", "phone", "loyalty", "employer");

    private static final int ENVIRONMENTS = 4;
    private static final List<MemoryEngine> engines = new ArrayList<>();

    @BeforeAll
    static void start() {
        for (int i = 0; i < ENVIRONMENTS; i++) {
            // Each environment runs many writes at once here, so its pool is sized for that.
            engines.add(EngineFixture.engine(TestServices.get().config(
                    Map.of("DB_POOL_MAX_SIZE", "8", "CLIENT_NAME", "concurrent-writes-" + i))));
        }
    }

    @AfterAll
    static void stop() {
        engines.forEach(MemoryEngine::close);
    }

    @Test
    void theTopicVariantsStateOneAttributeEachAndNoOtherTopicsAttribute() {
        Map<String, Integer> topicOfAttribute = new HashMap<>();
        for (int t = 0; t < TOPICS.size(); t++) {
            for (String variant : TOPICS.get(t)) {
                List<String> facts = new RuleBasedFactExtractor().extract(List.of(new Message("user", variant)));
                assertThat(facts).as(variant).hasSize(1);
                String attribute = FactAttributes.attributeKeyOf(facts.get(0));
                assertThat(attribute).as("the attribute %s states", facts.get(0)).isNotNull();
                assertThat(topicOfAttribute.putIfAbsent(attribute, t)).as(attribute).isIn(null, t);
            }
        }
        assertThat(topicOfAttribute).hasSize(TOPICS.size());
    }

    @Test
    void thirtyTwoConcurrentAddsForOneUserLeaveNoDuplicateNoLostUpdateAndACompleteHistory() throws Exception {
        String user = newUser();
        Random random = new Random(20_250_305L);
        List<AddRequest> requests = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            // Three different topics per request, a random variant of each: requests overlap heavily.
            List<Integer> topics = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5));
            java.util.Collections.shuffle(topics, random);
            List<Message> messages = new ArrayList<>();
            for (int t : topics.subList(0, 3)) {
                messages.add(new Message("user", TOPICS.get(t).get(random.nextInt(3))));
            }
            requests.add(AddRequest.of(user, messages));
        }

        List<AddResult> results = runConcurrently(requests.size(), i -> engines.get(i % ENVIRONMENTS).add(requests.get(i)).block(WAIT));

        Map<Integer, Integer> adds = new HashMap<>();
        int reportedUpdates = 0;
        for (AddResult result : results) {
            for (FactResult fact : result.results()) {
                if (fact.event() == MemoryEvent.ADD) {
                    adds.merge(topicOf(fact.memory()), 1, Integer::sum);
                } else if (fact.event() == MemoryEvent.UPDATE) {
                    reportedUpdates++;
                }
            }
        }
        long topicsUsed = requests.stream().flatMap(r -> r.messages().stream()).map(m -> topicOf(m.content())).distinct().count();
        List<Map<String, Object>> memories = Sql.rows("SELECT id, memory FROM memories WHERE user_id = ? ORDER BY created_at", user);
        System.out.printf("[concurrent-writes] 32 concurrent adds over %d environments: %d memories, %d ADD, %d UPDATE, %d history rows%n",
                ENVIRONMENTS, memories.size(), adds.values().stream().mapToInt(Integer::intValue).sum(), reportedUpdates,
                Sql.count("SELECT count(*) FROM memory_history WHERE user_id = ?", user));

        // No duplicate: exactly one memory per topic, each ADDed exactly once.
        assertThat(memories).hasSize((int) topicsUsed);
        assertThat(memories.stream().map(m -> topicOf((String) m.get("memory"))).distinct().count()).isEqualTo(topicsUsed);
        assertThat(adds.values()).as("ADDs per topic").allMatch(n -> n == 1);

        // History complete and no lost update: per memory an ADD, then UPDATEs that chain old -> new, ending in the
        // memory's current text; every ADD and UPDATE reported to a caller is in it, and nothing else is.
        long historyRows = 0;
        for (Map<String, Object> memory : memories) {
            List<Map<String, Object>> history = Sql.rows("SELECT event, old_memory, new_memory FROM memory_history "
                    + "WHERE user_id = ? AND memory_id = ? ORDER BY id", user, memory.get("id"));
            historyRows += history.size();
            assertThat(history.get(0).get("event")).isEqualTo("ADD");
            for (int i = 1; i < history.size(); i++) {
                assertThat(history.get(i).get("event")).isEqualTo("UPDATE");
                assertThat(history.get(i).get("old_memory")).as("update %d of %s starts from the previous text", i, memory.get("id"))
                        .isEqualTo(history.get(i - 1).get("new_memory"));
            }
            assertThat(history.get(history.size() - 1).get("new_memory")).as("the last change is the current text")
                    .isEqualTo(memory.get("memory"));
        }
        assertThat(historyRows).isEqualTo(topicsUsed + reportedUpdates);
        // Every update a caller was told about is in the history, as often as callers were told (the same change
        // can happen twice: 2000 -> 3000, 3000 -> 2000, 2000 -> 3000), and the history holds no other update.
        Map<List<Object>, Integer> reported = new HashMap<>();
        for (AddResult result : results) {
            for (FactResult fact : result.results()) {
                if (fact.event() == MemoryEvent.UPDATE) {
                    reported.merge(List.of(fact.id(), fact.previousMemory(), fact.memory()), 1, Integer::sum);
                }
                if (fact.event() != MemoryEvent.ADD) {
                    assertThat(memories.stream().map(m -> m.get("id"))).contains(fact.id());
                }
            }
        }
        Map<List<Object>, Integer> recorded = new HashMap<>();
        for (Map<String, Object> row : Sql.rows("SELECT memory_id, old_memory, new_memory FROM memory_history "
                + "WHERE user_id = ? AND event = 'UPDATE'", user)) {
            recorded.merge(List.of(row.get("memory_id"), row.get("old_memory"), row.get("new_memory")), 1, Integer::sum);
        }
        assertThat(recorded).isEqualTo(reported);
    }

    @Test
    void concurrentRetriesWithTheSameIdempotencyKeyWriteOnceAndAllGetTheSameAnswer() throws Exception {
        int rounds = 8;
        int concurrent = 4;
        for (int round = 0; round < rounds; round++) {
            String user = newUser();
            AddRequest request = AddRequest.of(user, List.of(new Message("user", "Flight LH1234 on the 5th of May"),
                            new Message("user", "Hotel Artemide in Rome, room with a view"),
                            new Message("user", "Rental car pick-up at Fiumicino"))).withInfer(false)
                    .withIdempotencyKey("turn-" + UUID.randomUUID());
            List<AddResult> answers = runConcurrently(concurrent, i -> engines.get(i % ENVIRONMENTS).add(request).block(WAIT));

            assertThat(answers.stream().filter(a -> !a.replayed()).count()).as("round %d: exactly one request wrote", round)
                    .isEqualTo(1);
            assertThat(answers).extracting(AddResult::results).as("round %d: every caller got the same answer", round)
                    .allMatch(r -> r.equals(answers.get(0).results()));
            assertThat(answers.get(0).results()).extracting(FactResult::event).containsOnly(MemoryEvent.ADD);
            assertThat(Sql.userRows(user)).containsEntry("memories", 3L).containsEntry("memory_history", 3L)
                    .containsEntry("idempotency_keys", 1L);
        }
        System.out.printf("[concurrent-writes] %d rounds of %d concurrent requests with one idempotency key "
                + "(from %d environments): one write each, identical answers%n", rounds, concurrent, ENVIRONMENTS);
    }

    private static int topicOf(String fact) {
        String lower = fact.toLowerCase(java.util.Locale.ROOT);
        for (int t = 0; t < TOPIC_WORDS.size(); t++) {
            if (lower.contains(TOPIC_WORDS.get(t))) {
                return t;
            }
        }
        throw new AssertionError("not a test fact: " + fact);
    }

    interface Call<T> {
        T run(int index) throws Exception;
    }

    /** Runs n calls on n threads released at the same instant; returns their answers in index order. */
    static <T> List<T> runConcurrently(int n, Call<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> task = () -> {
                    gate.await();
                    return call.run(index);
                };
                futures.add(pool.submit(task));
            }
            gate.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> f : futures) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}

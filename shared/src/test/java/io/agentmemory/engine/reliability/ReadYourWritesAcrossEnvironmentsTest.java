package io.agentmemory.engine.reliability;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.MemoryUpdate;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.api.SearchResult;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes across execution environments: one environment writes (add, update, delete) while two others search
 * the same user non-stop, filling the shared cache with whatever they see at every instant of the write. After each
 * write has answered, a search from any environment reflects it — no result computed before the write is served after
 * it, on any interleaving the background searches produce.
 */
class ReadYourWritesAcrossEnvironmentsTest {

    private static final List<String> FACTS = List.of("Prefers window seats", "Is vegetarian",
            "Travels with a dog named Bella", "Budget is about 2,000 EUR", "Home airport is Munich", "Allergic to peanuts",
            "Passport expires in 2027", "Loves jazz bars in New Orleans", "Speaks fluent Japanese",
            "Afraid of heights and avoids cable cars", "Collects postcards from every trip",
            "Needs wheelchair assistance at airports");

    @Test
    void afterEveryWriteEveryEnvironmentSeesItWhileOthersKeepSearching() throws Exception {
        String user = newUser();
        SearchRequest query = SearchRequest.of(user, "what do we know about this traveller").withLimit(100);
        MemoryEngine writer = EngineFixture.engine(TestServices.get().config(Map.of("CLIENT_NAME", "ryw-writer")));
        List<MemoryEngine> readers = List.of(
                EngineFixture.engine(TestServices.get().config(Map.of("CLIENT_NAME", "ryw-reader-1"))),
                EngineFixture.engine(TestServices.get().config(Map.of("CLIENT_NAME", "ryw-reader-2"))));
        ExecutorService background = Executors.newFixedThreadPool(readers.size());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger backgroundSearches = new AtomicInteger();
        AtomicInteger backgroundCached = new AtomicInteger();
        try {
            List<Future<?>> searching = new ArrayList<>();
            for (MemoryEngine reader : readers) {
                searching.add(background.submit(() -> {
                    while (running.get()) {
                        SearchResult r = reader.search(query).block(WAIT);
                        backgroundSearches.incrementAndGet();
                        if (r.cached()) {
                            backgroundCached.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            List<FactResult> stored = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            int checks = 0;
            for (int round = 0; round < FACTS.size(); round++) {
                FactResult added = EngineFixture.store(writer, user, FACTS.get(round)).results().get(0);
                stored.add(added);
                expected.add(added.memory());
                checks += check(readers, writer, query, expected, "after add " + round);
                if (round % 3 == 2) {
                    FactResult target = stored.get(round - 1);
                    String changed = target.memory() + " (updated in round " + round + ")";
                    writer.update(user, target.id(), new MemoryUpdate(changed, null, null)).block(WAIT);
                    expected.set(expected.indexOf(target.memory()), changed);
                    stored.set(round - 1, new FactResult(target.id(), changed, target.event(), null));
                    checks += check(readers, writer, query, expected, "after update " + round);
                }
                if (round % 4 == 3) {
                    FactResult target = stored.get(round - 2);
                    writer.delete(user, target.id()).block(WAIT);
                    expected.remove(target.memory());
                    checks += check(readers, writer, query, expected, "after delete " + round);
                }
            }
            running.set(false);
            for (Future<?> f : searching) {
                f.get(30, TimeUnit.SECONDS);
            }
            System.out.printf("[read-your-writes] %d writes, %d checks from 3 environments after they answered, %d background "
                            + "searches racing them (%d served from the cache): never a result from before a write%n",
                    FACTS.size() + FACTS.size() / 3 + FACTS.size() / 4, checks, backgroundSearches.get(), backgroundCached.get());
            assertThat(backgroundSearches.get()).as("searches really raced the writes").isGreaterThan(FACTS.size());
        } finally {
            running.set(false);
            background.shutdownNow();
            writer.close();
            readers.forEach(MemoryEngine::close);
        }
    }

    private static int check(List<MemoryEngine> readers, MemoryEngine writer, SearchRequest query, List<String> expected, String when) {
        int checks = 0;
        for (MemoryEngine engine : List.of(readers.get(0), readers.get(1), writer)) {
            // Twice: the first may fill the cache, the second may be served from it; both must be current.
            for (int i = 0; i < 2; i++) {
                List<String> found = engine.search(query).block(WAIT).results().stream().map(SearchHit::memory).toList();
                assertThat(found).as(when).containsExactlyInAnyOrderElementsOf(expected);
                checks++;
            }
        }
        return checks;
    }
}

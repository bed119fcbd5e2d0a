package io.agentmemory.engine;

import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.MemoryUpdate;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.SharedEngineTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.List;
import java.util.UUID;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Searches race with writes for the same user; after each write has answered, a search must reflect it
 * (never a result cached before it), whatever the interleaving.
 */
class ReadYourWritesRaceTest extends SharedEngineTest {

    @Test
    void noSearchAfterAWriteAnsweredReturnsAResultCachedBeforeIt() {
        String user = newUser();
        SearchRequest query = SearchRequest.of(user, "favourite destination").withLimit(100);
        for (int round = 0; round < 25; round++) {
            String fact = "Favourite destination number " + round + " is island " + UUID.randomUUID();
            // Several searches in flight while the write runs: some read before it commits and cache that.
            Flux<Object> racingSearches = Flux.range(0, 4)
                    .flatMap(i -> engine.search(query).subscribeOn(Schedulers.parallel()).map(r -> (Object) r));
            Mono<FactResult> write = EngineFixture.engineAdd(engine, user, fact);
            FactResult written = Flux.merge(racingSearches, write.map(r -> (Object) r))
                    .filter(FactResult.class::isInstance).cast(FactResult.class).blockLast(WAIT);
            List<String> after = engine.search(query).block(WAIT).results().stream().map(SearchHit::memory).toList();
            assertThat(after).as("round %d", round).contains(written.memory());
        }
    }

    @Test
    void updatesAndDeletesAreVisibleToTheNextSearchDespiteRacingReads() {
        String user = newUser();
        SearchRequest query = SearchRequest.of(user, "seat").withLimit(100);
        FactResult memory = EngineFixture.store(engine, user, "Prefers window seats").results().get(0);
        for (int round = 0; round < 15; round++) {
            String text = "Prefers seat " + round + " in row " + (round + 3);
            Mono<Object> update = engine.update(user, memory.id(), new MemoryUpdate(text, null, null)).map(m -> (Object) m);
            Flux.merge(Flux.range(0, 4).flatMap(i -> engine.search(query).subscribeOn(Schedulers.parallel())), update)
                    .blockLast(WAIT);
            assertThat(engine.search(query).block(WAIT).results()).extracting(SearchHit::memory).containsExactly(text);
        }
        Flux.merge(Flux.range(0, 4).flatMap(i -> engine.search(query).subscribeOn(Schedulers.parallel())),
                engine.delete(user, memory.id()).then(Mono.empty())).blockLast(WAIT);
        assertThat(engine.search(query).block(WAIT).results()).isEmpty();
    }
}

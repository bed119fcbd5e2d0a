package io.agentmemory.engine;

import io.agentmemory.engine.api.AddResult;
import io.agentmemory.engine.api.FactResult;
import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.api.MemoryUpdate;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchMode;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.testing.SharedEngineTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static io.agentmemory.engine.testing.EngineFixture.remember;
import static io.agentmemory.engine.testing.EngineFixture.store;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An extracted fact is found by the words of the message it was read from, as well as by its own, while the memory
 * shown stays the fact; a new version of the memory (an add's UPDATE, or an edit) is no longer found by the words
 * that described the old one.
 */
class ExtractedFactSourceWordsTest extends SharedEngineTest {

    private static List<SearchHit> keyword(String user, String query) {
        return engine.search(SearchRequest.of(user, query).withLimit(5).withMode(SearchMode.KEYWORD)).block(WAIT).results();
    }

    @Test
    void aFactIsFoundByTheWordsTheUserSaidThatItsRewriteLeftOut() {
        String user = newUser();
        // The hedged second sentence is no fact, but its words are the user's.
        AddResult added = remember(engine, user, "Our cat Biscuit is fourteen. Maybe the vet will switch his thyroid tablets, who knows.");
        List<String> facts = added.results().stream().map(FactResult::memory).toList();
        assertThat(facts).isNotEmpty().noneMatch(fact -> fact.contains("thyroid") || fact.contains("tablets") || fact.contains("vet"));

        List<SearchHit> hits = keyword(user, "thyroid tablets from the vet");

        assertThat(hits).isNotEmpty();
        assertThat(hits).extracting(SearchHit::memory).allSatisfy(memory -> assertThat(memory).isIn(facts));
    }

    @Test
    void aMemoryStoredAsSentIsFoundByItsOwnWordsOnly() {
        String user = newUser();
        store(engine, user, "Biscuit takes thyroid tablets", "Biscuit is a ginger cat");

        assertThat(keyword(user, "thyroid")).extracting(SearchHit::memory).containsExactly("Biscuit takes thyroid tablets");
    }

    @Test
    void anAddThatUpdatesTheFactReplacesTheWordsItIsFoundBy() {
        String user = newUser();
        UUID id = remember(engine, user, "I live in Lyon, right by the Croix-Rousse market.").results().get(0).id();
        FactResult moved = remember(engine, user, "I live in Bordeaux now, a short walk from the Garonne.").results().get(0);
        assertThat(moved.event()).isEqualTo(MemoryEvent.UPDATE);
        assertThat(moved.id()).isEqualTo(id);

        assertThat(keyword(user, "Croix-Rousse market")).isEmpty();
        assertThat(keyword(user, "Garonne")).extracting(SearchHit::id).containsExactly(id);
    }

    @Test
    void anEditedMemoryIsNoLongerFoundByTheWordsOfTheMessageItCameFrom() {
        String user = newUser();
        AddResult added = remember(engine, user, "Another worry is Biscuit, our ginger cat. He's fourteen and on thyroid "
                + "tablets twice a day, so we can't just leave him with a feeder who pops in once.");
        UUID id = added.results().get(0).id();
        assertThat(keyword(user, "thyroid")).extracting(SearchHit::id).contains(id);

        engine.update(user, id, new MemoryUpdate("Has a cat who needs daily care", null, null)).block(WAIT);

        assertThat(keyword(user, "thyroid")).extracting(SearchHit::id).doesNotContain(id);
        assertThat(keyword(user, "daily care")).extracting(SearchHit::id).containsExactly(id);
    }
}

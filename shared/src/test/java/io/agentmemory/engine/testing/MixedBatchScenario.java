package io.agentmemory.engine.testing;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.AddRequest;
import io.agentmemory.engine.api.BatchItemResult;
import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.api.SearchFilters;
import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchMode;
import io.agentmemory.engine.api.SearchRequest;

import java.util.List;
import java.util.Map;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One user with two memories that differ in category, session and metadata, and one batch that asks for every
 * mode and every filter, each search answered on its own: the widest statement a batch can make.
 */
public final class MixedBatchScenario {

    private MixedBatchScenario() {
    }

    public static void runAndCheck(MemoryEngine engine) {
        String user = EngineFixture.newUser();
        engine.add(AddRequest.of(user, List.of(new Message("user", "Likes sushi"))).withInfer(false)
                .withCategories(List.of("food")).withSession("s1").withMetadata(Map.of("trip", "japan"))).block(WAIT);
        engine.add(AddRequest.of(user, List.of(new Message("user", "Likes temples"))).withInfer(false)
                .withCategories(List.of("sights")).withSession("s2").withMetadata(Map.of("trip", "kyoto"))).block(WAIT);
        SearchRequest base = SearchRequest.of(user, "japan").withLimit(5);
        List<BatchItemResult> results = engine.searchBatch(List.of(
                base,
                base.withFilters(new SearchFilters(List.of("sights"), null, null)),
                base.withFilters(new SearchFilters(null, "s1", null)),
                base.withFilters(new SearchFilters(null, null, Map.of("trip", "kyoto"))),
                SearchRequest.of(user, "sushi").withMode(SearchMode.KEYWORD),
                base.withMode(SearchMode.HYBRID).withFilters(new SearchFilters(List.of("food"), null, null)))).block(WAIT);
        assertThat(results).noneMatch(BatchItemResult::isError);
        assertThat(memories(results.get(0))).containsExactlyInAnyOrder("Likes sushi", "Likes temples");
        assertThat(memories(results.get(1))).containsExactly("Likes temples");
        assertThat(memories(results.get(2))).containsExactly("Likes sushi");
        assertThat(memories(results.get(3))).containsExactly("Likes temples");
        assertThat(memories(results.get(4))).containsExactly("Likes sushi");
        assertThat(memories(results.get(5))).containsExactly("Likes sushi");
    }

    private static List<String> memories(BatchItemResult item) {
        return item.result().results().stream().map(SearchHit::memory).toList();
    }
}

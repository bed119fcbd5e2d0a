package io.agentmemory.engine.config;

import io.agentmemory.engine.store.SearchRanking;
import io.agentmemory.engine.embedding.CosineScale;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The semantic ranking settings: exact unless asked otherwise, and a wrong value named at start, not at search. */
class SearchRankingSettingsTest {

    @Test
    void semanticRankingIsExactByDefault() {
        EngineConfig config = EngineConfig.fromEnvironment(Map.of());
        assertThat(config.search().throughCodes()).isFalse();
        assertThat(config.search().candidates()).isEqualTo(100);
        assertThat(config.search().candidateShare()).isEqualTo(0.02);
    }

    @Test
    void codesAreChosenByName() {
        EngineConfig config = EngineConfig.fromEnvironment(Map.of("SEARCH_RANKING", "Codes", "SEARCH_CANDIDATES", "40",
                "SEARCH_CANDIDATE_SHARE", "0.05"));
        assertThat(config.search().throughCodes()).isTrue();
        SearchRanking ranking = SearchRanking.of(config.search(), "e5-small-v2-q", CosineScale.RAW);
        assertThat(ranking.codes()).isTrue();
        assertThat(ranking.candidates()).isEqualTo(40);
    }

    @Test
    void wrongValuesAreRejectedWithTheSettingsName() {
        assertThatThrownBy(() -> EngineConfig.fromEnvironment(Map.of("SEARCH_RANKING", "approximate")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SEARCH_RANKING must be exact or codes");
        assertThatThrownBy(() -> SearchRanking.throughCodes("e5-small-v2-q", CosineScale.RAW, 100, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SEARCH_CANDIDATE_SHARE");
        assertThatThrownBy(() -> SearchRanking.throughCodes("e5-small-v2-q", CosineScale.RAW, 0, 0.02))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SEARCH_CANDIDATES");
    }
}

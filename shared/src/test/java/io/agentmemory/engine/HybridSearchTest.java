package io.agentmemory.engine;

import io.agentmemory.engine.api.SearchHit;
import io.agentmemory.engine.api.SearchMode;
import io.agentmemory.engine.api.SearchRequest;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.SharedEngineTest;
import io.agentmemory.engine.testing.RetrievalSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.agentmemory.engine.testing.EngineFixture.WAIT;
import static io.agentmemory.engine.testing.EngineFixture.newUser;
import static org.assertj.core.api.Assertions.assertThat;

class HybridSearchTest extends SharedEngineTest {

    private static RetrievalSet set;
    private static String user;

    @BeforeAll
    static void start() {
        set = RetrievalSet.load();
        user = newUser();
        set.storeFor(engine, user);
        // Another traveller with the same codes: keyword search must stay within the user too.
        EngineFixture.store(engine, newUser(), "Booked flight LH1234 to Tokyo", "Staying at Hotel Artemide");
    }

    private static List<SearchHit> search(String query, SearchMode mode) {
        return engine.search(SearchRequest.of(user, query).withLimit(3).withMode(mode)).block(WAIT).results();
    }

    @Test
    void exactNamesAndCodesAreFoundByHybridWhereSemanticAloneMissesThem() {
        double semantic = set.hitRate(engine, user, set.exactQueries(), SearchMode.SEMANTIC, 1);
        double keyword = set.hitRate(engine, user, set.exactQueries(), SearchMode.KEYWORD, 1);
        double hybrid = set.hitRate(engine, user, set.exactQueries(), SearchMode.HYBRID, 1);
        System.out.printf("exact names and codes, hit@1: semantic %.2f, keyword %.2f, hybrid %.2f%n", semantic, keyword, hybrid);
        assertThat(hybrid).isEqualTo(1.0);
        assertThat(keyword).isEqualTo(1.0);
        // all-MiniLM-L6-v2 missed some codes (0.8 hit@1); e5-small-v2, the default now, finds them too.
        assertThat(semantic).isLessThanOrEqualTo(hybrid);
    }

    @Test
    void onParaphrasedQueriesHybridIsNoWorseThanSemantic() {
        double semantic = set.hitRate(engine, user, set.paraphrasedQueries(), SearchMode.SEMANTIC, 3);
        double hybrid = set.hitRate(engine, user, set.paraphrasedQueries(), SearchMode.HYBRID, 3);
        System.out.printf("paraphrased queries, hit@3: semantic %.2f, hybrid %.2f%n", semantic, hybrid);
        assertThat(hybrid).isGreaterThanOrEqualTo(semantic);
    }

    @Test
    void everyModesScoresAreInZeroToOneAndDescending() {
        for (SearchMode mode : SearchMode.values()) {
            List<SearchHit> hits = search("window seats on flights", mode);
            assertThat(hits).as(mode.name()).isNotEmpty();
            assertThat(hits).extracting(SearchHit::score).allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
            assertThat(hits).extracting(SearchHit::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        }
    }

    @Test
    void aMemoryRankedFirstByBothRankingsScoresOneInHybrid() {
        List<SearchHit> hits = search("Hotel Artemide in Rome", SearchMode.HYBRID);
        assertThat(hits.get(0).memory()).isEqualTo("Staying at Hotel Artemide in Rome for three nights");
        assertThat(hits.get(0).score()).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void keywordSearchMatchesAnyWordRanksMemoriesHoldingMoreOfThemFirstAndHonoursPhrasesAndExclusions() {
        assertThat(search("LH1234", SearchMode.KEYWORD)).extracting(SearchHit::memory)
                .containsExactly("Booked flight LH1234 from Frankfurt to Tokyo on 12 March");
        // Any word matches (a question shares only some words with its answer); more of them rank higher.
        assertThat(search("booked flight Tokyo", SearchMode.KEYWORD)).extracting(SearchHit::memory).hasSize(3)
                .first().isIn("Booked flight LH1234 from Frankfurt to Tokyo on 12 March",
                        "Booked flight BA2490 from London to Tokyo on 15 March");
        assertThat(search("which flights did I book to Tokyo?", SearchMode.KEYWORD)).extracting(SearchHit::memory)
                .contains("Booked flight LH1234 from Frankfurt to Tokyo on 12 March",
                        "Booked flight BA2490 from London to Tokyo on 15 March");
        // What the caller writes as a requirement still is one.
        assertThat(search("\"flight LH1234\" Tokyo", SearchMode.KEYWORD)).extracting(SearchHit::memory)
                .containsExactly("Booked flight LH1234 from Frankfurt to Tokyo on 12 March");
        assertThat(search("booked flight Tokyo -Frankfurt", SearchMode.KEYWORD)).extracting(SearchHit::memory)
                .doesNotContain("Booked flight LH1234 from Frankfurt to Tokyo on 12 March")
                .contains("Booked flight BA2490 from London to Tokyo on 15 March");
        assertThat(search("?!", SearchMode.KEYWORD)).isEmpty();
    }

    @Test
    void aBatchMixesModesInOneStatementAndAnswersInOrder() {
        var results = engine.searchBatch(List.of(
                SearchRequest.of(user, "RX7-4421").withLimit(1).withMode(SearchMode.KEYWORD),
                SearchRequest.of(user, "where to sit on a plane").withLimit(1),
                SearchRequest.of(user, "ICE 578").withLimit(1).withMode(SearchMode.HYBRID))).block(WAIT);
        assertThat(results.get(0).result().results().get(0).memory()).contains("RX7-4421");
        assertThat(results.get(1).result().results().get(0).memory()).isEqualTo("Prefers window seats on long flights");
        assertThat(results.get(2).result().results().get(0).memory()).contains("ICE 578");
    }

    @Test
    void theModeIsPartOfTheCacheKey() {
        String query = "Lufthansa";
        engine.search(SearchRequest.of(user, query).withMode(SearchMode.KEYWORD)).block(WAIT);
        assertThat(engine.search(SearchRequest.of(user, query).withMode(SearchMode.SEMANTIC)).block(WAIT).cached()).isFalse();
        assertThat(engine.search(SearchRequest.of(user, query).withMode(SearchMode.KEYWORD)).block(WAIT).cached()).isTrue();
    }
}

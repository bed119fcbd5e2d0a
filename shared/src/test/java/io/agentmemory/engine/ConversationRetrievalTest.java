package io.agentmemory.engine;

import io.agentmemory.engine.api.SearchMode;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.TestServices;
import io.agentmemory.engine.testing.evaluation.ConversationSet;
import io.agentmemory.engine.testing.evaluation.EngineEvaluation;
import io.agentmemory.engine.testing.evaluation.RankingScores;
import io.agentmemory.engine.testing.evaluation.Tokenizer;
import io.agentmemory.engine.testing.evaluation.TurnText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first three conversations of the evaluation set (about 380 turns, 108 questions) stored turn by turn with
 * {@code infer=false}, and apart with fact extraction, and asked through the engine: floors under each mode's hit@10
 * and under what extraction keeps, set a little below what the
 * default configuration measures (the benchmark reports the whole set), so a change that loses what was said
 * fails here.
 */
class ConversationRetrievalTest {

    private static final int CONVERSATIONS = 3;
    private static Map<SearchMode, RankingScores> scores;
    private static RankingScores extracted;
    private static RankingScores bm25;
    private static RankingScores bm25English;

    @BeforeAll
    static void askTheQuickSubset() {
        List<ConversationSet.Conversation> conversations = ConversationSet.first(CONVERSATIONS);
        try (MemoryEngine engine = EngineFixture.engine(TestServices.get().config(new HashMap<>(EngineEvaluation.patientSettings())))) {
            scores = EngineEvaluation.evaluate(engine, conversations, TurnText.SPEAKER, List.of(SearchMode.values()));
            // With extraction the role and name say who spoke, as the benchmark stores it.
            extracted = EngineEvaluation.evaluate(engine, conversations, TurnText.PLAIN, List.of(SearchMode.HYBRID), true)
                    .get(SearchMode.HYBRID);
        }
        bm25 = EngineEvaluation.bm25(conversations, TurnText.SPEAKER, Tokenizer.PLAIN);
        bm25English = EngineEvaluation.bm25(conversations, TurnText.SPEAKER, Tokenizer.ENGLISH);
        scores.forEach((mode, s) -> System.out.printf("conversations 1-%d, %s: %s%n", CONVERSATIONS, mode.wireName(), s.summary()));
        System.out.printf("conversations 1-%d, hybrid over extracted facts: %s%n", CONVERSATIONS, extracted.summary());
        System.out.printf("conversations 1-%d, BM25 reference: %s%n", CONVERSATIONS, bm25.summary());
        System.out.printf("conversations 1-%d, BM25 English reference: %s%n", CONVERSATIONS, bm25English.summary());
    }

    @Test
    void keywordSearchRanksNaturalLanguageQuestionsAboutAsWellAsBm25() {
        double keyword = scores.get(SearchMode.KEYWORD).overall().hitAt10();
        assertThat(keyword).isGreaterThanOrEqualTo(bm25.overall().hitAt10() - 0.03);
        assertThat(keyword).isGreaterThanOrEqualTo(bm25English.overall().hitAt10() - 0.05);
    }

    @Test
    void hybridSearchFindsMoreThanEitherRankingAlone() {
        double hybrid = scores.get(SearchMode.HYBRID).overall().hitAt10();
        assertThat(hybrid).isGreaterThanOrEqualTo(scores.get(SearchMode.SEMANTIC).overall().hitAt10());
        assertThat(hybrid).isGreaterThanOrEqualTo(bm25English.overall().hitAt10() + 0.10);
        assertThat(hybrid).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void semanticSearchFindsAnAnswerTurnInTheTopTenForMostQuestions() {
        assertThat(scores.get(SearchMode.SEMANTIC).overall().hitAt10()).isGreaterThanOrEqualTo(0.82);
    }

    /**
     * Extraction keeps facts, not every turn, so it finds less; these three conversations measured 0.824 against 0.935
     * over every turn (0.815 before the extractor kept a verbless answer sent without its question, an event dated
     * "this morning" and the like; 0.787 before a sentence whose rewrite lost a number or a name was kept in the
     * user's words; 0.565 before the local extractor kept specific statements it cannot rewrite and facts kept their
     * message's words for keyword search).
     */
    @Test
    void storingWithExtractionStillFindsMostAnswers() {
        double hybridOverTurns = scores.get(SearchMode.HYBRID).overall().hitAt10();
        assertThat(extracted.overall().hitAt10()).isGreaterThanOrEqualTo(0.81);
        assertThat(hybridOverTurns - extracted.overall().hitAt10()).isLessThanOrEqualTo(0.13);
    }

    @Test
    void everyQuestionKindIsAnswered() {
        for (String kind : ConversationSet.KINDS) {
            assertThat(scores.get(SearchMode.HYBRID).kind(kind).hitAt10()).as(kind).isGreaterThanOrEqualTo(0.75);
        }
    }
}

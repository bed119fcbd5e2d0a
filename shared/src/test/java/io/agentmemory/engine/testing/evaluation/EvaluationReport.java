package io.agentmemory.engine.testing.evaluation;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.SearchMode;
import io.agentmemory.engine.embedding.InProcessModel;
import io.agentmemory.engine.embedding.OnnxSentenceEmbeddingModel;
import io.agentmemory.engine.testing.EngineFixture;
import io.agentmemory.engine.testing.TestServices;
import io.agentmemory.engine.testing.evaluation.ConversationSet.Conversation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Prints the evaluation set's figures: the BM25 references, the in-process models compared by exact cosine
 * ranking, and the engine's search modes. Arguments pick the parts: {@code bm25}, {@code models}, {@code engine}
 * (all when none; {@code extracted} for the engine storing with fact extraction only), and {@code --conversations N}
 * for the first N conversations.
 */
public final class EvaluationReport {

    private EvaluationReport() {
    }

    public static void main(String[] args) {
        List<String> parts = new ArrayList<>(Arrays.asList(args));
        int count = ConversationSet.CONVERSATIONS;
        int at = parts.indexOf("--conversations");
        if (at >= 0) {
            count = Integer.parseInt(parts.get(at + 1));
            parts.remove(at + 1);
            parts.remove(at);
        }
        if (parts.isEmpty()) {
            parts = List.of("bm25", "models", "engine");
        }
        List<Conversation> conversations = ConversationSet.first(count);
        if (parts.contains("bm25")) {
            for (TurnText form : TurnText.values()) {
                for (Tokenizer tokenizer : Tokenizer.values()) {
                    System.out.printf("bm25 %-7s %-7s %s%n", tokenizer, form,
                            EngineEvaluation.bm25(conversations, form, tokenizer).summary());
                }
            }
        }
        if (parts.contains("models")) {
            List<InProcessModel> specs = parts.contains("quantised")
                    ? List.of(InProcessModel.ALL_MINILM_L6_V2_Q, InProcessModel.E5_SMALL_V2_Q, InProcessModel.BGE_SMALL_EN_V15_Q)
                    : List.of(InProcessModel.values());
            for (InProcessModel spec : specs) {
                if (!spec.available()) {
                    System.out.printf("model %-20s not on the classpath%n", spec.modelName());
                    continue;
                }
                try (OnnxSentenceEmbeddingModel model = OnnxSentenceEmbeddingModel.load(spec)) {
                    for (TurnText form : parts.contains("quantised") ? List.of(TurnText.SPEAKER) : List.of(TurnText.values())) {
                        ModelComparison.Result result = ModelComparison.measure(model, conversations, form);
                        System.out.printf("model %-20s %-7s %s | query %.2f ms CPU, stored turn %.2f ms CPU"
                                        + " | median cosine: question-answer %.3f, question-other %.3f, turn-turn %.3f%n",
                                spec.modelName(), form, result.scores().summary(), result.queryCpuMillis(),
                                result.turnCpuMillis(), result.answerCosine(), result.unrelatedCosine(), result.turnPairCosine());
                    }
                }
            }
        }
        if (parts.contains("engine") || parts.contains("extracted")) {
            try (MemoryEngine engine = EngineFixture.engine(TestServices.get().config(new java.util.HashMap<>(EngineEvaluation.patientSettings())))) {
                for (TurnText form : parts.contains("engine") ? List.of(TurnText.values()) : List.<TurnText>of()) {
                    Map<SearchMode, RankingScores> scores = EngineEvaluation.evaluate(engine, conversations, form,
                            List.of(SearchMode.values()));
                    scores.forEach((mode, s) -> System.out.printf("engine %-8s %-7s %s%n", mode.wireName(), form, s.summary()));
                }
                // The extractor reads who spoke from the message's role; a name in front of the words would be read as
                // part of the statement.
                Map<SearchMode, RankingScores> extracted = EngineEvaluation.evaluate(engine, conversations, TurnText.PLAIN,
                        List.of(SearchMode.values()), true);
                extracted.forEach((mode, s) -> System.out.printf("engine %-8s %-7s extracted %s%n", mode.wireName(),
                        TurnText.PLAIN, s.summary()));
            }
        }
        System.exit(0);
    }
}

package io.agentmemory.bench.workload;

import io.agentmemory.bench.data.BenchDatabase;
import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.engine.api.SearchMode;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.embedding.InProcessModel;
import io.agentmemory.engine.embedding.OnnxSentenceEmbeddingModel;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;
import io.agentmemory.engine.store.SchemaMigrator;
import io.agentmemory.engine.testing.evaluation.ConversationSet;
import io.agentmemory.engine.testing.evaluation.ConversationSet.Conversation;
import io.agentmemory.engine.testing.evaluation.EngineEvaluation;
import io.agentmemory.engine.testing.evaluation.ModelComparison;
import io.agentmemory.engine.testing.evaluation.RankingScores;
import io.agentmemory.engine.testing.evaluation.Tokenizer;
import io.agentmemory.engine.testing.evaluation.TurnText;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The project's conversation evaluation set through the engine: every turn stored with {@code infer=false}
 * ("Speaker: text") and, apart, with fact extraction; every question asked in each search mode; beside them the
 * BM25 references over the same turns and each in-process model ranking the turns by exact cosine, with its CPU
 * cost per query.
 */
public final class ConversationRetrieval {

    /** One ranking's figures: overall and per question kind. */
    public record Row(String ranking, Map<String, double[]> byKind, double queryCpuMillis) {
    }

    public record Result(int conversations, int questions, List<Row> rows) {
    }

    private static final List<InProcessModel> COMPARED = List.of(InProcessModel.ALL_MINILM_L6_V2_Q,
            InProcessModel.E5_SMALL_V2_Q, InProcessModel.BGE_SMALL_EN_V15_Q);

    private ConversationRetrieval() {
    }

    public static Result measure(BenchDatabase database, EmbeddingModel model, int conversationCount, Consumer<String> log) {
        List<Conversation> conversations = ConversationSet.first(conversationCount);
        Map<String, String> settings = new HashMap<>(EngineEvaluation.patientSettings());
        settings.put("DATABASE_URL", database.url().toUrl());
        settings.put("DATABASE_USER", SchemaMigrator.DEFAULT_SERVICE_ROLE);
        settings.put("CACHE_ENABLED", "false");
        settings.put("CLIENT_NAME", "bench-conversations");
        List<Row> rows = new ArrayList<>();
        try (MemoryEngine engine = MemoryEngine.create(EngineConfig.fromEnvironment(settings), model, new RuleBasedFactExtractor())) {
            log.accept("conversation set: every turn stored with infer=false, questions asked in each mode");
            EngineEvaluation.evaluate(engine, conversations, TurnText.SPEAKER, List.of(SearchMode.values()))
                    .forEach((mode, scores) -> rows.add(row(mode.wireName() + " (" + model.name() + ")", scores, 0)));
            log.accept("conversation set: stored with fact extraction");
            // The extractor reads who spoke from the message's role and name, not from a name in front of the words.
            EngineEvaluation.evaluate(engine, conversations, TurnText.PLAIN, List.of(SearchMode.values()), true)
                    .forEach((mode, scores) -> rows.add(row(mode.wireName() + ", extracted facts", scores, 0)));
            // A memory of the user keeps what the user said; a question answered only by the other person's turns
            // (a friend's news, the assistant's own suggestion) is measured apart.
            List<Conversation> theUsers = conversations.stream().map(Conversation::withQuestionsTheUserAnswers).toList();
            log.accept("conversation set: questions one of the user's turns answers, hybrid, both ways of storing");
            rows.add(row("hybrid, questions the user's turns answer", EngineEvaluation.evaluate(engine, theUsers,
                    TurnText.SPEAKER, List.of(SearchMode.HYBRID)).get(SearchMode.HYBRID), 0));
            rows.add(row("hybrid, extracted facts, questions the user's turns answer", EngineEvaluation.evaluate(engine,
                    theUsers, TurnText.PLAIN, List.of(SearchMode.HYBRID), true).get(SearchMode.HYBRID), 0));
        }
        rows.add(row("BM25 reference, plain terms", EngineEvaluation.bm25(conversations, TurnText.SPEAKER, Tokenizer.PLAIN), 0));
        rows.add(row("BM25 reference, English stemming", EngineEvaluation.bm25(conversations, TurnText.SPEAKER, Tokenizer.ENGLISH), 0));
        for (InProcessModel spec : COMPARED) {
            if (!spec.available()) {
                continue;
            }
            log.accept("conversation set: model " + spec.modelName() + " by exact cosine");
            try (OnnxSentenceEmbeddingModel compared = OnnxSentenceEmbeddingModel.load(spec)) {
                ModelComparison.Result result = ModelComparison.measure(compared, conversations, TurnText.SPEAKER);
                rows.add(row("model " + spec.modelName() + ", exact cosine", result.scores(), result.queryCpuMillis()));
            }
        }
        int questions = conversations.stream().mapToInt(c -> c.questions().size()).sum();
        return new Result(conversations.size(), questions, rows);
    }

    private static Row row(String ranking, RankingScores scores, double queryCpuMillis) {
        Map<String, double[]> byKind = new LinkedHashMap<>();
        byKind.put("all", figures(scores.overall()));
        ConversationSet.KINDS.forEach(kind -> byKind.put(kind, figures(scores.kind(kind))));
        return new Row(ranking, byKind, Math.round(queryCpuMillis * 100) / 100.0);
    }

    /** hit@5, hit@10, recall@10, rounded to three places. */
    private static double[] figures(RankingScores.Tally tally) {
        return new double[]{round(tally.hitAt5()), round(tally.hitAt10()), round(tally.recallAt10())};
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}

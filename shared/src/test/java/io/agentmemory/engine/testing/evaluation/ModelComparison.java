package io.agentmemory.engine.testing.evaluation;

import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.testing.evaluation.ConversationSet.Conversation;
import io.agentmemory.engine.testing.evaluation.ConversationSet.Question;
import io.agentmemory.engine.testing.evaluation.ConversationSet.Turn;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One embedding model on the evaluation set, outside the service: every turn embedded as a stored text, every
 * question as a query, turns ranked by exact cosine similarity in memory. Also the model's CPU time per query
 * (one question at a time, as a cache-missing search embeds it) and per stored turn (one session per call).
 */
public final class ModelComparison {

    /** @param queryCpuMillis mean CPU milliseconds to embed one question
     *  @param turnCpuMillis  mean CPU milliseconds per stored turn, embedded a session at a time
     *  @param unrelatedCosine the median cosine between a question and a turn that does not answer it
     *  @param answerCosine    the median cosine between a question and a turn that answers it */
    public record Result(String model, RankingScores scores, double queryCpuMillis, double turnCpuMillis,
                         double unrelatedCosine, double answerCosine, double turnPairCosine) {
    }

    private ModelComparison() {
    }

    public static Result measure(EmbeddingModel model, List<Conversation> conversations, TurnText form) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        RankingScores scores = new RankingScores();
        long queryNanos = 0;
        long turnNanos = 0;
        int queries = 0;
        int turnsEmbedded = 0;
        List<Double> unrelated = new ArrayList<>();
        List<Double> answers = new ArrayList<>();
        List<Double> turnPairs = new ArrayList<>();
        model.embedQuery("warm up the model");
        model.embedAll(List.of("warm up the model", "and its batch path"));
        for (Conversation conversation : conversations) {
            List<String> ids = new ArrayList<>();
            List<float[]> vectors = new ArrayList<>();
            for (ConversationSet.Session session : conversation.sessions()) {
                List<String> texts = session.turns().stream().map(t -> form.of(conversation, t)).toList();
                long start = cpu.getCurrentThreadCpuTime();
                vectors.addAll(model.embedAll(texts));
                turnNanos += cpu.getCurrentThreadCpuTime() - start;
                turnsEmbedded += texts.size();
                session.turns().stream().map(Turn::id).forEach(ids::add);
            }
            for (Question question : conversation.questions()) {
                long start = cpu.getCurrentThreadCpuTime();
                float[] q = model.embedQuery(question.question());
                queryNanos += cpu.getCurrentThreadCpuTime() - start;
                queries++;
                List<String> ranked = IntStream.range(0, ids.size()).boxed()
                        .sorted(Comparator.comparingDouble((Integer i) -> -dot(q, vectors.get(i))))
                        .limit(EngineEvaluation.LIMIT).map(ids::get).toList();
                scores.add(question.kind(), ranked, question.answerTurns());
                for (int i = 0; i < ids.size(); i++) {
                    (question.answerTurns().contains(ids.get(i)) ? answers : unrelated).add(dot(q, vectors.get(i)));
                }
            }
            for (int i = 0; i + 7 < vectors.size(); i += 3) {
                turnPairs.add(dot(vectors.get(i), vectors.get(i + 7)));
            }
        }
        return new Result(model.name(), scores, queryNanos / 1e6 / queries, turnNanos / 1e6 / turnsEmbedded,
                median(unrelated), median(answers), median(turnPairs));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

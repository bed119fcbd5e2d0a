package io.agentmemory.engine.testing.evaluation;

import io.agentmemory.engine.embedding.InProcessModel;
import io.agentmemory.engine.embedding.OnnxSentenceEmbeddingModel;
import io.agentmemory.engine.testing.TestServices;
import io.agentmemory.engine.testing.evaluation.ConversationSet.Conversation;
import io.agentmemory.engine.testing.evaluation.ConversationSet.Question;
import io.agentmemory.engine.testing.evaluation.ConversationSet.Turn;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * How the keyword ranking and the fusion of hybrid search were chosen: every question's scores for every turn of
 * its conversation, from the model (cosine) and from PostgreSQL's text search over an any-term query (ts_rank,
 * ts_rank_cd and BM25 over the same lexemes), then each keyword ranking and each fusion (reciprocal rank fusion
 * with k and depth; a weighted sum of the two scores, each divided by its best in the query's candidates) scored
 * by hit@10, the fusion's parameters chosen by leave-one-conversation-out cross-validation.
 *
 * <p>Arguments: the model name (default e5-small-v2-q), the text search configuration (default english).
 */
public final class FusionTuning {

    /** One question's evidence: per turn of its conversation, the semantic and each keyword score. */
    record Scored(Question question, List<String> turns, double[] cosine, Map<String, double[]> keyword) {
    }

    static final List<String> KEYWORD_RANKINGS = List.of("ts_rank", "ts_rank_norm1", "ts_rank_cd32", "bm25");

    private FusionTuning() {
    }

    public static void main(String[] args) throws Exception {
        InProcessModel spec = InProcessModel.named(args.length > 0 ? args[0] : "e5-small-v2-q");
        String config = args.length > 1 ? args[1] : "english";
        TurnText form = args.length > 2 ? TurnText.valueOf(args[2]) : TurnText.SPEAKER;
        List<Conversation> conversations = ConversationSet.all();
        Map<String, List<Scored>> byConversation = new LinkedHashMap<>();
        try (OnnxSentenceEmbeddingModel model = OnnxSentenceEmbeddingModel.load(spec);
             Connection c = TestServices.get().jdbc()) {
            prepare(c, config);
            for (Conversation conversation : conversations) {
                byConversation.put(conversation.id(), score(c, model, conversation, form, config));
            }
        }
        System.out.printf("model %s, text search %s, turns %s%n", spec.modelName(), config, form);
        List<Scored> all = byConversation.values().stream().flatMap(List::stream).toList();
        System.out.printf("semantic alone       %s%n", scores(all, s -> rank(s.cosine())).summary());
        for (String k : KEYWORD_RANKINGS) {
            System.out.printf("keyword %-12s %s%n", k, scores(all, s -> rank(s.keyword().get(k))).summary());
        }
        List<Fusion> fusions = fusions();
        for (String k : KEYWORD_RANKINGS) {
            crossValidate(byConversation, fusions, k);
        }
        System.exit(0);
    }

    private static void prepare(Connection c, String config) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE eval_turns (conv text, id text, body text, tsv tsvector)");
        }
    }

    private static List<Scored> score(Connection c, OnnxSentenceEmbeddingModel model, Conversation conversation,
                                      TurnText form, String config) throws SQLException {
        List<Turn> turns = conversation.turns();
        List<String> ids = turns.stream().map(Turn::id).toList();
        List<String> texts = turns.stream().map(t -> form.of(conversation, t)).toList();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO eval_turns VALUES (?, ?, ?, "
                + "to_tsvector(?::regconfig, ?) || to_tsvector(?::regconfig, translate(?, '-/', '  ')))")) {
            for (int i = 0; i < ids.size(); i++) {
                insert.setString(1, conversation.id());
                insert.setString(2, ids.get(i));
                insert.setString(3, texts.get(i));
                insert.setString(4, config);
                insert.setString(5, texts.get(i));
                insert.setString(6, config);
                insert.setString(7, texts.get(i));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        // Term statistics for BM25 over PostgreSQL's own lexemes: tf from the positions, length from their count.
        Map<String, Map<String, Integer>> tf = new HashMap<>();
        Map<String, Integer> length = new HashMap<>();
        Map<String, Integer> df = new HashMap<>();
        try (PreparedStatement terms = c.prepareStatement("SELECT t.id, u.lexeme, coalesce(array_length(u.positions, 1), 1) "
                + "FROM eval_turns t, unnest(t.tsv) u WHERE t.conv = ?")) {
            terms.setString(1, conversation.id());
            try (ResultSet r = terms.executeQuery()) {
                while (r.next()) {
                    tf.computeIfAbsent(r.getString(1), k -> new HashMap<>()).put(r.getString(2), r.getInt(3));
                    length.merge(r.getString(1), r.getInt(3), Integer::sum);
                    df.merge(r.getString(2), 1, Integer::sum);
                }
            }
        }
        double averageLength = length.values().stream().mapToInt(Integer::intValue).average().orElse(1);
        List<float[]> vectors = new ArrayList<>();
        for (ConversationSet.Session session : conversation.sessions()) {
            vectors.addAll(model.embedAll(session.turns().stream().map(t -> form.of(conversation, t)).toList()));
        }
        List<Scored> scored = new ArrayList<>();
        String anyTerm = "replace(plainto_tsquery(?::regconfig, ?)::text, ' & ', ' | ')::tsquery";
        try (PreparedStatement keyword = c.prepareStatement("SELECT t.id, ts_rank(t.tsv, q), ts_rank(t.tsv, q, 1), "
                + "ts_rank_cd(t.tsv, q, 32), (SELECT array_agg(x.lexeme) FROM unnest(to_tsvector(?::regconfig, ?)) x) "
                + "FROM (SELECT " + anyTerm + " AS q) qq, eval_turns t WHERE t.conv = ? AND t.tsv @@ q")) {
            for (Question question : conversation.questions()) {
                float[] q = model.embedQuery(question.question());
                double[] cosine = new double[ids.size()];
                for (int i = 0; i < ids.size(); i++) {
                    cosine[i] = ModelComparison.dot(q, vectors.get(i));
                }
                Map<String, double[]> keywordScores = new HashMap<>();
                KEYWORD_RANKINGS.forEach(k -> keywordScores.put(k, new double[ids.size()]));
                keyword.setString(1, config);
                keyword.setString(2, question.question());
                keyword.setString(3, config);
                keyword.setString(4, question.question());
                keyword.setString(5, conversation.id());
                try (ResultSet r = keyword.executeQuery()) {
                    while (r.next()) {
                        int i = ids.indexOf(r.getString(1));
                        keywordScores.get("ts_rank")[i] = r.getDouble(2);
                        keywordScores.get("ts_rank_norm1")[i] = r.getDouble(3);
                        keywordScores.get("ts_rank_cd32")[i] = r.getDouble(4);
                        double bm25 = 0;
                        java.sql.Array lexemes = r.getArray(5);
                        for (Object lexeme : lexemes == null ? new Object[0] : (Object[]) lexemes.getArray()) {
                            int f = tf.get(ids.get(i)).getOrDefault((String) lexeme, 0);
                            if (f == 0) {
                                continue;
                            }
                            int n = df.get((String) lexeme);
                            double idf = Math.log(1 + (ids.size() - n + 0.5) / (n + 0.5));
                            bm25 += idf * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * length.get(ids.get(i)) / averageLength));
                        }
                        keywordScores.get("bm25")[i] = bm25;
                    }
                }
                scored.add(new Scored(question, ids, cosine, keywordScores));
            }
        }
        return scored;
    }

    /** Indexes of the turns by descending score, turns scoring 0 or less left out. */
    static List<Integer> rank(double[] scores) {
        return IntStream.range(0, scores.length).boxed().filter(i -> scores[i] > 0)
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparing(i -> i)).toList();
    }

    static RankingScores scores(List<Scored> questions, java.util.function.Function<Scored, List<Integer>> ranking) {
        RankingScores scores = new RankingScores();
        for (Scored s : questions) {
            List<String> ranked = ranking.apply(s).stream().limit(EngineEvaluation.LIMIT).map(s.turns()::get).toList();
            scores.add(s.question().kind(), ranked, s.question().answerTurns());
        }
        return scores;
    }

    /** A fusion of the semantic and a keyword ranking. */
    record Fusion(String name, FusionFunction function) {
    }

    interface FusionFunction {
        double[] fuse(double[] cosine, double[] keyword);
    }

    static List<Fusion> fusions() {
        List<Fusion> fusions = new ArrayList<>();
        for (int depth : new int[]{20, 50, 100}) {
            for (int k : new int[]{1, 3, 5, 10, 20, 30, 60}) {
                fusions.add(new Fusion("rrf k=%d depth=%d".formatted(k, depth), (cos, kw) -> {
                    double[] fused = new double[cos.length];
                    addRrf(fused, cos, k, depth);
                    addRrf(fused, kw, k, depth);
                    return fused;
                }));
            }
            for (int w = 30; w <= 95; w += 5) {
                double weight = w / 100.0;
                fusions.add(new Fusion("mix-max w=%.2f depth=%d".formatted(weight, depth),
                        (cos, kw) -> mix(cos, kw, weight, depth, false)));
                fusions.add(new Fusion("mix-minmax w=%.2f depth=%d".formatted(weight, depth),
                        (cos, kw) -> mix(cos, kw, weight, depth, true)));
            }
        }
        return fusions;
    }

    private static void addRrf(double[] fused, double[] scores, int k, int depth) {
        List<Integer> ranked = rank(scores);
        for (int r = 0; r < Math.min(depth, ranked.size()); r++) {
            fused[ranked.get(r)] += 1.0 / (k + r + 1);
        }
    }

    /**
     * The weighted sum of the two scores over the union of both rankings' top {@code depth}, each score divided by
     * the best of its ranking's candidates (or, with {@code minMax}, scaled from its worst to its best candidate).
     */
    private static double[] mix(double[] cosine, double[] keyword, double weight, int depth, boolean minMax) {
        double[] fused = new double[cosine.length];
        double[] sem = normalised(cosine, depth, minMax);
        double[] kw = normalised(keyword, depth, minMax);
        for (int i = 0; i < fused.length; i++) {
            fused[i] = sem[i] < 0 && kw[i] < 0 ? 0 : 1e-9 + weight * Math.max(0, sem[i]) + (1 - weight) * Math.max(0, kw[i]);
        }
        return fused;
    }

    /** -1 for turns outside the top {@code depth}, else the score scaled to [0, 1] within the top. */
    private static double[] normalised(double[] scores, int depth, boolean minMax) {
        double[] out = new double[scores.length];
        java.util.Arrays.fill(out, -1);
        List<Integer> ranked = rank(scores);
        List<Integer> top = ranked.subList(0, Math.min(depth, ranked.size()));
        if (top.isEmpty()) {
            return out;
        }
        double best = scores[top.get(0)];
        double worst = minMax ? scores[top.get(top.size() - 1)] : 0;
        for (int i : top) {
            out[i] = best - worst <= 0 ? 1 : (scores[i] - worst) / (best - worst);
        }
        return out;
    }

    private static void crossValidate(Map<String, List<Scored>> byConversation, List<Fusion> fusions, String keyword) {
        RankingScores heldOut = new RankingScores();
        Map<String, Integer> chosen = new LinkedHashMap<>();
        for (String test : byConversation.keySet()) {
            List<Scored> train = byConversation.entrySet().stream().filter(e -> !e.getKey().equals(test))
                    .flatMap(e -> e.getValue().stream()).toList();
            Fusion best = null;
            double bestHit = -1;
            for (Fusion fusion : fusions) {
                double hit = scores(train, s -> rank(fusion.function().fuse(s.cosine(), s.keyword().get(keyword)))).overall().hitAt10();
                if (hit > bestHit) {
                    bestHit = hit;
                    best = fusion;
                }
            }
            Fusion picked = best;
            chosen.merge(picked.name(), 1, Integer::sum);
            heldOut.addAll(scores(byConversation.get(test), s -> rank(picked.function().fuse(s.cosine(), s.keyword().get(keyword)))));
        }
        List<Scored> all = byConversation.values().stream().flatMap(List::stream).toList();
        System.out.printf("fusion with %-12s cross-validated %s%n    chosen per fold: %s%n", keyword, heldOut.summary(), chosen);
        fusions.stream()
                .map(f -> Map.entry(f.name(), scores(all, s -> rank(f.function().fuse(s.cosine(), s.keyword().get(keyword))))))
                .sorted(Comparator.comparingDouble((Map.Entry<String, RankingScores> e) -> -e.getValue().overall().hitAt10()))
                .limit(6)
                .forEach(e -> System.out.printf("    all data: %-28s %s%n", e.getKey(), e.getValue().summary()));
        for (String family : List.of("rrf k=60 depth=50", "rrf k=60 depth=100")) {
            fusions.stream().filter(f -> f.name().equals(family)).findFirst().ifPresent(f -> System.out.printf("    all data: %-28s %s%n",
                    f.name(), scores(all, s -> rank(f.function().fuse(s.cosine(), s.keyword().get(keyword)))).summary()));
        }
    }
}

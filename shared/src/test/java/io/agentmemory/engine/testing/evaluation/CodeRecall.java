package io.agentmemory.engine.testing.evaluation;

import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.embedding.InProcessModel;
import io.agentmemory.engine.embedding.OnnxSentenceEmbeddingModel;
import io.agentmemory.engine.testing.TravelCorpus;
import io.agentmemory.engine.testing.evaluation.ConversationSet.Conversation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * recall@10 of the search through binary codes against an exact ranking, outside the database but the same two
 * stages as {@code SEARCH_RANKING=codes}: the {@code candidates} memories nearest by Hamming distance between sign
 * codes, then ranked by exact cosine. Codes of the raw vectors, and of the vectors less a centre (a model's mean
 * vector) computed from one corpus and measured on both. Two "users": every turn of the conversation set (its
 * questions as queries) and 4,000 travel facts (the queries of {@code LargeUserRecallTest}).
 * {@code java -cp <test classpath> io.agentmemory.engine.testing.evaluation.CodeRecall [model]}
 */
public final class CodeRecall {

    private static final List<Integer> CANDIDATES = List.of(100, 200);
    private static final int LIMIT = 10;

    private record Corpus(String name, List<float[]> memories, List<float[]> queries) {
    }

    private CodeRecall() {
    }

    public static void main(String[] args) {
        InProcessModel spec = args.length > 0 ? InProcessModel.named(args[0]) : InProcessModel.E5_SMALL_V2_Q;
        try (OnnxSentenceEmbeddingModel model = OnnxSentenceEmbeddingModel.load(spec)) {
            List<Corpus> corpora = List.of(conversationTurns(model), travelFacts(model));
            List<String> centreNames = List.of("turns", "facts", "both");
            List<float[]> both = new ArrayList<>(corpora.get(0).memories());
            both.addAll(corpora.get(1).memories());
            List<float[]> centres = List.of(EmbeddingCentre.mean(corpora.get(0).memories()),
                    EmbeddingCentre.mean(corpora.get(1).memories()), EmbeddingCentre.mean(both));
            System.out.printf(Locale.ROOT, "%s: recall@10 of the codes against exact; centred on the mean of turns, facts, both%n", model.name());
            for (int candidates : CANDIDATES) {
                for (Corpus corpus : corpora) {
                    System.out.printf(Locale.ROOT, "%3d candidates %-19s %5d memories %4d queries  raw %.3f", candidates, corpus.name(),
                            corpus.memories().size(), corpus.queries().size(), recall(corpus, null, candidates));
                    for (int c = 0; c < centres.size(); c++) {
                        System.out.printf(Locale.ROOT, "  %s %.3f", centreNames.get(c), recall(corpus, centres.get(c), candidates));
                    }
                    System.out.println();
                }
            }
            System.out.printf(Locale.ROOT, "cosine of the two centres %.4f%n", cosine(centres.get(0), centres.get(1)));
        }
    }

    private static Corpus conversationTurns(EmbeddingModel model) {
        List<float[]> memories = new ArrayList<>();
        List<float[]> queries = new ArrayList<>();
        for (Conversation conversation : ConversationSet.all()) {
            for (ConversationSet.Session session : conversation.sessions()) {
                memories.addAll(model.embedAll(session.turns().stream().map(t -> TurnText.PLAIN.of(conversation, t)).toList()));
            }
            conversation.questions().forEach(q -> queries.add(model.embedQuery(q.question())));
        }
        return new Corpus("conversation turns", memories, queries);
    }

    private static Corpus travelFacts(EmbeddingModel model) {
        List<float[]> memories = new ArrayList<>();
        List<String> facts = TravelCorpus.facts(new Random(11), 4_000);
        for (int from = 0; from < facts.size(); from += 16) {
            memories.addAll(model.embedAll(facts.subList(from, Math.min(facts.size(), from + 16))));
        }
        Random random = new Random(3);
        List<float[]> queries = IntStream.range(0, 60).mapToObj(i -> model.embedQuery(TravelCorpus.query(random))).toList();
        return new Corpus("travel facts", memories, queries);
    }

    /** Share of the codes' top 10 whose similarity reaches the exact tenth best (ties count, as in the engine test). */
    static double recall(Corpus corpus, float[] centre, int candidateCount) {
        List<long[]> codes = corpus.memories().stream().map(v -> code(v, centre)).toList();
        int found = 0;
        for (float[] query : corpus.queries()) {
            double[] exact = corpus.memories().stream().mapToDouble(v -> dot(query, v)).sorted().toArray();
            double tenth = exact[exact.length - LIMIT];
            long[] queryCode = code(query, centre);
            List<Integer> candidates = IntStream.range(0, codes.size()).boxed()
                    .sorted(Comparator.comparingInt(i -> hamming(queryCode, codes.get(i)))).limit(candidateCount).toList();
            List<Double> top = candidates.stream().map(i -> dot(query, corpus.memories().get(i)))
                    .sorted(Comparator.reverseOrder()).limit(LIMIT).toList();
            found += (int) top.stream().filter(s -> s >= tenth - 1e-4).count();
        }
        return found / (double) (LIMIT * corpus.queries().size());
    }

    private static long[] code(float[] v, float[] centre) {
        long[] bits = new long[(v.length + 63) / 64];
        for (int i = 0; i < v.length; i++) {
            if (v[i] - (centre == null ? 0 : centre[i]) > 0) {
                bits[i / 64] |= 1L << (i % 64);
            }
        }
        return bits;
    }

    private static int hamming(long[] a, long[] b) {
        int d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Long.bitCount(a[i] ^ b[i]);
        }
        return d;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double cosine(float[] a, float[] b) {
        return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
    }
}

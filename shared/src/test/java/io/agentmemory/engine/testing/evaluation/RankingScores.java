package io.agentmemory.engine.testing.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Retrieval figures over questions, overall and per question kind: hit@5 and hit@10 (an answer turn among the
 * first 5 or 10 results) and recall@10 (the share of a question's answer turns among the first 10).
 */
public final class RankingScores {

    /** Sums for one group of questions. */
    public static final class Tally {
        private int questions;
        private int hits5;
        private int hits10;
        private double recall10;

        void add(List<String> ranked, List<String> answers) {
            questions++;
            hits5 += anyIn(ranked, answers, 5) ? 1 : 0;
            hits10 += anyIn(ranked, answers, 10) ? 1 : 0;
            long found = answers.stream().filter(a -> ranked.subList(0, Math.min(10, ranked.size())).contains(a)).count();
            recall10 += (double) found / answers.size();
        }

        void addAll(Tally other) {
            questions += other.questions;
            hits5 += other.hits5;
            hits10 += other.hits10;
            recall10 += other.recall10;
        }

        public int questions() {
            return questions;
        }

        public double hitAt5() {
            return questions == 0 ? 0 : (double) hits5 / questions;
        }

        public double hitAt10() {
            return questions == 0 ? 0 : (double) hits10 / questions;
        }

        public double recallAt10() {
            return questions == 0 ? 0 : recall10 / questions;
        }

        private static boolean anyIn(List<String> ranked, List<String> answers, int k) {
            return ranked.subList(0, Math.min(k, ranked.size())).stream().anyMatch(answers::contains);
        }
    }

    private final Tally overall = new Tally();
    private final Map<String, Tally> byKind = new LinkedHashMap<>();

    public RankingScores() {
        ConversationSet.KINDS.forEach(kind -> byKind.put(kind, new Tally()));
    }

    /** Records one question's ranking: turn ids, best first. */
    public void add(String kind, List<String> rankedTurns, List<String> answerTurns) {
        overall.add(rankedTurns, answerTurns);
        byKind.computeIfAbsent(kind, k -> new Tally()).add(rankedTurns, answerTurns);
    }

    public void addAll(RankingScores other) {
        overall.addAll(other.overall);
        other.byKind.forEach((kind, tally) -> byKind.computeIfAbsent(kind, k -> new Tally()).addAll(tally));
    }

    public Tally overall() {
        return overall;
    }

    public Tally kind(String kind) {
        return byKind.getOrDefault(kind, new Tally());
    }

    /** One line: hit@10 overall and per kind, then hit@5 and recall@10 overall. */
    public String summary() {
        StringBuilder line = new StringBuilder("hit@10 %.3f".formatted(overall.hitAt10()));
        byKind.forEach((kind, tally) -> line.append(" %s %.3f".formatted(kind, tally.hitAt10())));
        return line.append(" | hit@5 %.3f recall@10 %.3f (%d questions)".formatted(overall.hitAt5(), overall.recallAt10(),
                overall.questions())).toString();
    }
}

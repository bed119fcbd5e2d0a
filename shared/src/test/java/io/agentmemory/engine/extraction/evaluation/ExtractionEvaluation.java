package io.agentmemory.engine.extraction.evaluation;

import io.agentmemory.engine.extraction.ExtractedFact;
import io.agentmemory.engine.extraction.FactExtractor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs an extractor over the extraction set and scores it:
 * <ul>
 *   <li>recall: the share of expected facts that some kept fact of the same turn matches ({@link MentionMatch});</li>
 *   <li>precision: the share of kept facts that match an expected fact of their turn (anything kept from a turn
 *       that has nothing durable counts against it);</li>
 *   <li>garbled: the share of kept facts, other than turns kept verbatim, that {@link GarbledFactCheck} rejects;</li>
 *   <li>dates: of the expected facts that carry a date and were found, the share found with that date.</li>
 * </ul>
 * Each turn is extracted on its own, with the turns before it as context, the way one add request sees it.
 */
public final class ExtractionEvaluation {

    public record Miss(String caseId, String kind, String detail) {
    }

    public record Score(int expected, int found, int kept, int keptMatching, int checked, int garbled,
                        int dated, int datedRight, List<Miss> misses) {

        public double recall() {
            return expected == 0 ? 1 : (double) found / expected;
        }

        public double precision() {
            return kept == 0 ? 1 : (double) keptMatching / kept;
        }

        public double garbledShare() {
            return checked == 0 ? 0 : (double) garbled / checked;
        }

        public double dateAccuracy() {
            return dated == 0 ? 1 : (double) datedRight / dated;
        }

        public String summary() {
            return String.format(Locale.ROOT,
                    "recall %.3f (%d/%d)  precision %.3f (%d/%d)  garbled %.3f (%d/%d)  dates %.3f (%d/%d)",
                    recall(), found, expected, precision(), keptMatching, kept, garbledShare(), garbled, checked,
                    dateAccuracy(), datedRight, dated);
        }
    }

    private ExtractionEvaluation() {
    }

    public static Score run(FactExtractor extractor, ExtractionSet set) {
        int expected = 0;
        int found = 0;
        int kept = 0;
        int keptMatching = 0;
        int checked = 0;
        int garbled = 0;
        int dated = 0;
        int datedRight = 0;
        List<Miss> misses = new ArrayList<>();
        for (ExtractionSet.Case c : set.cases()) {
            List<ExtractedFact> facts = extractor.extractFacts(c.request());
            for (ExtractionSet.ExpectedFact want : c.facts()) {
                expected++;
                List<ExtractedFact> matching = facts.stream().filter(f -> MentionMatch.matches(f.text(), want.mustMention())).toList();
                if (matching.isEmpty()) {
                    misses.add(new Miss(c.id(), c.kind(), "missed: " + want.text() + " <- " + c.turn() + " => " + texts(facts)));
                    continue;
                }
                found++;
                if (want.date() != null) {
                    dated++;
                    if (matching.stream().anyMatch(f -> want.date().equals(f.date()))) {
                        datedRight++;
                    } else {
                        misses.add(new Miss(c.id(), c.kind(), "date: want " + want.date() + " got "
                                + matching.stream().map(ExtractedFact::date).toList() + " <- " + c.turn()));
                    }
                }
            }
            for (ExtractedFact fact : facts) {
                kept++;
                if (c.facts().stream().anyMatch(want -> MentionMatch.matches(fact.text(), want.mustMention()))) {
                    keptMatching++;
                } else {
                    misses.add(new Miss(c.id(), c.kind(), "unexpected: " + fact.text() + " <- " + c.turn()));
                }
                if (!fact.text().equals(c.turn().strip())) {
                    checked++;
                    var problem = GarbledFactCheck.problem(fact.text());
                    if (problem.isPresent()) {
                        garbled++;
                        misses.add(new Miss(c.id(), c.kind(), "garbled (" + problem.get() + "): " + fact.text()));
                    }
                }
            }
        }
        return new Score(expected, found, kept, keptMatching, checked, garbled, dated, datedRight, List.copyOf(misses));
    }

    private static List<String> texts(List<ExtractedFact> facts) {
        return facts.stream().map(ExtractedFact::text).toList();
    }
}

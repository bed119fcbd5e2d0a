package io.agentmemory.bench.workload;

import io.agentmemory.engine.api.Message;
import io.agentmemory.engine.extraction.RuleBasedFactExtractor;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadPlanTest {

    private static final List<String> USERS = IntStream.range(0, 100).mapToObj(i -> "user-" + i).toList();

    @Test
    void theSameSeedGivesTheSameOperationsAndAnotherSeedOtherOnes() {
        assertThat(WorkloadPlan.generate(USERS, 500, 42)).isEqualTo(WorkloadPlan.generate(USERS, 500, 42));
        assertThat(WorkloadPlan.generate(USERS, 500, 43).operations()).isNotEqualTo(WorkloadPlan.generate(USERS, 500, 42).operations());
    }

    @Test
    void theMixFollowsItsShares() {
        Map<OperationKind, Integer> counts = new HashMap<>();
        WorkloadPlan.generate(USERS, 10_000, 7).operations().forEach(op -> counts.merge(op.kind(), 1, Integer::sum));
        assertThat(counts.get(OperationKind.ADD) / 10_000.0).isCloseTo(WorkloadPlan.ADD_SHARE, org.assertj.core.data.Offset.offset(0.02));
        assertThat(counts.get(OperationKind.BATCH_10) / 10_000.0).isCloseTo(WorkloadPlan.BATCH_10_SHARE, org.assertj.core.data.Offset.offset(0.02));
        assertThat(counts.get(OperationKind.BATCH_100) / 10_000.0).isCloseTo(WorkloadPlan.BATCH_100_SHARE, org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void popularSearchesRepeatSoACacheCanAnswerThem() {
        Map<SearchQuery, Integer> asked = new HashMap<>();
        WorkloadPlan.generate(USERS, 2_000, 1).operations().stream()
                .filter(op -> op instanceof Operation.Search)
                .forEach(op -> asked.merge(((Operation.Search) op).query(), 1, Integer::sum));
        int searches = asked.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(asked.size()).isLessThan(searches / 2);
    }

    @Test
    void everyAddStatesThreeDurableFacts() {
        Random random = new Random(3);
        RuleBasedFactExtractor extractor = new RuleBasedFactExtractor();
        for (int i = 0; i < 50; i++) {
            String message = WorkloadPlan.message(random);
            assertThat(extractor.extract(List.of(new Message("user", message)))).as(message).hasSize(3);
        }
    }

    @Test
    void warmUpSearchesShareNoTextWithTheMeasuredOnes() {
        List<Operation> measured = WorkloadPlan.generate(USERS, 300, 5).operations();
        List<Operation> warmup = WorkloadPlan.warmup(USERS, 300, 5);
        List<String> warmTexts = warmup.stream().filter(op -> op instanceof Operation.Search)
                .map(op -> ((Operation.Search) op).query().query()).toList();
        List<String> measuredTexts = measured.stream().filter(op -> op instanceof Operation.Search)
                .map(op -> ((Operation.Search) op).query().query()).toList();
        assertThat(warmTexts).doesNotContainAnyElementsOf(measuredTexts);
    }
}

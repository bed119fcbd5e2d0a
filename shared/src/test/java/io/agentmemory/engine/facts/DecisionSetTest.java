package io.agentmemory.engine.facts;

import io.agentmemory.engine.api.MemoryEvent;
import io.agentmemory.engine.testing.DecisionSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Floors on the project's hand-labelled decision set: no distinct fact is ever merged into another (an ADD decided as
 * UPDATE or NOOP loses what the user said), and true replacements are recognised. The benchmark prints the full table.
 */
class DecisionSetTest {

    @Test
    void noDistinctFactIsMergedAndReplacementsAreRecognised() {
        DecisionSet set = DecisionSet.load();
        DecisionSet.Scores scores = set.evaluate();

        assertThat(set.pairs()).hasSizeGreaterThanOrEqualTo(150);
        assertThat(scores.total(MemoryEvent.ADD)).isGreaterThanOrEqualTo(50);
        assertThat(scores.total(MemoryEvent.UPDATE)).isGreaterThanOrEqualTo(50);
        assertThat(scores.merged()).as("distinct facts merged: %s", scores.mistakes()).isZero();
        assertThat(scores.accuracy(MemoryEvent.UPDATE)).as("UPDATE accuracy; mistakes: %s", scores.mistakes())
                .isGreaterThanOrEqualTo(0.9);
        assertThat(scores.accuracy(MemoryEvent.NOOP)).as("NOOP accuracy; mistakes: %s", scores.mistakes())
                .isGreaterThanOrEqualTo(0.8);
    }
}

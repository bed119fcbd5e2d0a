package io.agentmemory.engine.facts;

import io.agentmemory.engine.Sha256;
import io.agentmemory.engine.testing.DecisionSet;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memories store which version of the attribute table read them ({@link FactAttributes#READING}), and an add trusts
 * the attribute of a memory read by the current version. So a change to the table that reads any text differently
 * must raise the version. This test reads every text of the project's decision set and compares a fingerprint of
 * the readings with the one recorded for the current version: when it fails, raise {@code READING} and record the
 * new fingerprint here.
 */
class FactReadingVersionTest {

    private static final short RECORDED_VERSION = 1;
    private static final String RECORDED_FINGERPRINT = "aa19ae3774e419c7f4e0c5e6f5502e75b6b5923b1ed8b746f410f1a6d4d4ec5e";

    @Test
    void theReadingsAreTheOnesRecordedForTheCurrentVersion() {
        TreeSet<String> texts = new TreeSet<>();
        DecisionSet.load().pairs().forEach(pair -> {
            texts.add(pair.existing());
            texts.add(pair.fact());
        });
        StringBuilder readings = new StringBuilder();
        for (String text : texts) {
            readings.append(text).append('\t').append(canonical(FactAttributes.classify(text))).append('\n');
        }
        String fingerprint = HexFormat.of().formatHex(Sha256.of(readings.toString()));
        assertThat(FactAttributes.READING).as("the version the fingerprint was recorded for").isEqualTo(RECORDED_VERSION);
        assertThat(fingerprint).as("the table reads some text differently: raise FactAttributes.READING and record this")
                .isEqualTo(RECORDED_FINGERPRINT);
    }

    private static String canonical(Optional<StatedFact> reading) {
        return reading.map(r -> String.join("|", r.subject(), r.kind().name(), r.attribute(),
                        String.join(",", new TreeSet<>(r.qualifier())), r.value(), Boolean.toString(r.negated()),
                        Boolean.toString(r.changeStated()), String.valueOf(r.replacedValue()),
                        String.join(",", new TreeSet<>(r.topics()))))
                .orElse("-");
    }
}

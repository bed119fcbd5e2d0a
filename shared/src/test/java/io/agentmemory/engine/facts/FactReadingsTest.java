package io.agentmemory.engine.facts;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FactReadingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"Budget is about 3,000 EUR", "Frequent flyer number is LH-101234", "Is allergic to peanuts",
            "Priya: The kiln cracked on Tuesday", "Lisbon is lovely in May", "", "   "})
    void aTextReadsAsTheAttributeTableReadsIt(String text) {
        assertThat(FactReadings.of(text)).isEqualTo(FactAttributes.classify(text));
        assertThat(FactReadings.attributeKeyOf(text)).isEqualTo(FactAttributes.attributeKeyOf(text));
    }

    @Test
    void aTextReadAgainIsNotReadAnew() {
        String text = "Locker at the gym is number 417";
        assertThat(FactReadings.of(text)).isPresent().containsSame(FactReadings.of(text).orElseThrow());
    }

    @Test
    void noTextStatesNothing() {
        assertThat(FactReadings.of(null)).isEmpty();
        assertThat(FactReadings.attributeKeyOf(null)).isNull();
    }
}

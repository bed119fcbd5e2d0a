package io.agentmemory.engine.extraction;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextNormalizerTest {

    @Test
    void caseSpacingAndTrailingPunctuationDoNotMakeAFactNew() {
        assertThat(TextNormalizer.key("prefers   window seats.")).isEqualTo(TextNormalizer.key("Prefers window seats"));
        assertThat(TextNormalizer.key("Ｐrefers window seats!")).isEqualTo(TextNormalizer.key("Prefers window seats"));
    }

    @Test
    void wordsAndNumbersDo() {
        assertThat(TextNormalizer.key("Budget is 2,000 EUR")).isNotEqualTo(TextNormalizer.key("Budget is 3,000 EUR"));
        assertThat(TextNormalizer.key("Prefers window seats")).isNotEqualTo(TextNormalizer.key("Prefers aisle seats"));
    }

    @Test
    void keysHaveAFixedLengthWhateverTheFactsSize() {
        assertThat(TextNormalizer.key("x")).hasSize(64).matches("[0-9a-f]+");
        assertThat(TextNormalizer.key("y".repeat(8000))).hasSize(64);
    }
}

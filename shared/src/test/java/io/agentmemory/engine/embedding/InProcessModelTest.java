package io.agentmemory.engine.embedding;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The other in-process models: each with its own pooling and its own markers for queries and stored texts. */
class InProcessModelTest {

    @Test
    void e5EmbedsAQueryWithItsQueryMarkerAndStoredTextsWithThePassageMarker() {
        try (OnnxSentenceEmbeddingModel e5 = OnnxSentenceEmbeddingModel.load(InProcessModel.E5_SMALL_V2_Q)) {
            String text = "Where does Maya want to live?";
            float[] asQuery = e5.embedQuery(text);
            float[] asPassage = e5.embed(text);
            assertThat(asQuery).hasSize(InProcessModel.DIMENSION);
            // Same words, different markers: close but not the same vector.
            assertThat(OnnxSentenceEmbeddingModelTest.dot(asQuery, asPassage)).isBetween(0.8, 0.9999);
            List<float[]> stored = e5.embedAll(List.of("Maya: I'm moving to Lisbon in the spring, I found a flat in Alfama.",
                    "Maya: my sister is allergic to cats."));
            assertThat(OnnxSentenceEmbeddingModelTest.dot(asQuery, stored.get(0)))
                    .isGreaterThan(OnnxSentenceEmbeddingModelTest.dot(asQuery, stored.get(1)));
        }
    }

    @Test
    void bgeTakesTheFirstTokensVectorAndStillRanksByMeaning() {
        try (OnnxSentenceEmbeddingModel bge = OnnxSentenceEmbeddingModel.load(InProcessModel.BGE_SMALL_EN_V15_Q)) {
            float[] query = bge.embedQuery("Which seat does the traveller prefer?");
            List<float[]> stored = bge.embedAll(List.of("Prefers window seats", "Is allergic to peanuts"));
            assertThat(OnnxSentenceEmbeddingModelTest.dot(stored.get(0), stored.get(0))).isCloseTo(1.0,
                    org.assertj.core.data.Offset.offset(1e-4));
            assertThat(OnnxSentenceEmbeddingModelTest.dot(query, stored.get(0)))
                    .isGreaterThan(OnnxSentenceEmbeddingModelTest.dot(query, stored.get(1)));
        }
    }

    @Test
    void aModelIsSelectedByItsNameAndAnUnknownNameIsRefusedWithTheKnownOnes() {
        assertThat(InProcessModel.named(" E5-small-v2-q ")).isEqualTo(InProcessModel.E5_SMALL_V2_Q);
        assertThatThrownBy(() -> InProcessModel.named("gpt-embeddings"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EMBEDDING_MODEL")
                .hasMessageContaining("all-minilm-l6-v2-q");
    }
}

package io.agentmemory.engine.testing.evaluation;

import io.agentmemory.engine.embedding.EmbeddingModel;
import io.agentmemory.engine.embedding.InProcessModel;
import io.agentmemory.engine.embedding.OnnxSentenceEmbeddingModel;
import io.agentmemory.engine.testing.evaluation.ConversationSet.Conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * A model's centre: the mean of its vectors of every turn of the conversation set (each session's turns embedded
 * in one call, as stored texts, as an add of that session embeds them). The binary codes of a model whose vectors
 * bunch in one direction (e5) are taken from the vector less its centre, so each bit splits the memories about
 * evenly (migration V7 ships e5-small-v2-q's). Prints the centre as a pgvector literal:
 * {@code java -cp <test classpath> io.agentmemory.engine.testing.evaluation.EmbeddingCentre [model]}
 */
public final class EmbeddingCentre {

    private EmbeddingCentre() {
    }

    public static float[] ofConversationTurns(EmbeddingModel model) {
        List<float[]> vectors = new ArrayList<>();
        for (Conversation conversation : ConversationSet.all()) {
            for (ConversationSet.Session session : conversation.sessions()) {
                vectors.addAll(model.embedAll(session.turns().stream().map(t -> TurnText.PLAIN.of(conversation, t)).toList()));
            }
        }
        return mean(vectors);
    }

    public static float[] mean(List<float[]> vectors) {
        float[] mean = new float[vectors.get(0).length];
        for (float[] v : vectors) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += v[i] / vectors.size();
            }
        }
        return mean;
    }

    public static void main(String[] args) {
        InProcessModel spec = args.length > 0 ? InProcessModel.named(args[0]) : InProcessModel.E5_SMALL_V2_Q;
        try (OnnxSentenceEmbeddingModel model = OnnxSentenceEmbeddingModel.load(spec)) {
            StringJoiner literal = new StringJoiner(",", "[", "]");
            for (float value : ofConversationTurns(model)) {
                literal.add(String.format(Locale.ROOT, "%.5f", value));
            }
            System.out.println(literal);
        }
    }
}

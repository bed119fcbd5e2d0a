package io.agentmemory.bench.lambda;

import io.agentmemory.bench.report.LambdaLatencyReport;
import io.agentmemory.engine.embedding.EmbeddingModel;

import java.util.ArrayList;
import java.util.List;

/**
 * A model's own cost per query, out of any handler: the same questions the phase asked, embedded one at a time, the
 * models taking turns block by block so that the machine's drift weighs on both alike.
 */
final class ModelCost {

    private static final int WARMUP = 20;
    private static final int BLOCK = 10;

    private ModelCost() {
    }

    /** The spread of one query's embedding, per model, in the order given. */
    static List<LambdaLatencyReport.Spread> measure(List<EmbeddingModel> models, List<String> questions) {
        List<List<Double>> millis = new ArrayList<>();
        for (EmbeddingModel model : models) {
            for (int i = 0; i < WARMUP; i++) {
                model.embedQuery(questions.get(i % questions.size()));
            }
            millis.add(new ArrayList<>(questions.size()));
        }
        for (int from = 0, block = 0; from < questions.size(); from += BLOCK, block++) {
            for (int k = 0; k < models.size(); k++) {
                int m = (block + k) % models.size();
                for (String question : questions.subList(from, Math.min(questions.size(), from + BLOCK))) {
                    long started = System.nanoTime();
                    models.get(m).embedQuery(question);
                    millis.get(m).add((System.nanoTime() - started) / 1e6);
                }
            }
        }
        return millis.stream().map(HandlerStages::spread).toList();
    }
}

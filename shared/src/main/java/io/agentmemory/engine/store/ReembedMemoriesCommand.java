package io.agentmemory.engine.store;

import io.agentmemory.engine.config.ModelSettings;
import io.agentmemory.engine.embedding.OnnxSentenceEmbeddingModel;

/**
 * Re-embeds every memory whose vector another model made with the model {@code EMBEDDING_MODEL} names, as the
 * tables' owner ({@code DATABASE_URL}'s user, or {@code MIGRATION_DATABASE_USER} / {@code MIGRATION_DATABASE_PASSWORD}):
 * {@code java -cp memory-functions-aws.jar io.agentmemory.engine.store.ReembedMemoriesCommand [batch size] [max batches]}.
 * Safe to stop and run again, and to run twice at once.
 */
public final class ReembedMemoriesCommand {

    private ReembedMemoriesCommand() {
    }

    public static void main(String[] args) {
        String url = System.getenv().getOrDefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres");
        DatabaseUrl owner = DatabaseUrl.parse(url, System.getenv("MIGRATION_DATABASE_USER"), System.getenv("MIGRATION_DATABASE_PASSWORD"));
        String name = System.getenv().getOrDefault("EMBEDDING_MODEL", ModelSettings.DEFAULT_EMBEDDING_MODEL);
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : Reembedding.DEFAULT_BATCH;
        int maxBatches = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        try (OnnxSentenceEmbeddingModel model = OnnxSentenceEmbeddingModel.load(new ModelSettings(name).inProcessModel())) {
            Reembedding.Progress progress = Reembedding.run(owner, model, batch, maxBatches, System.out::println);
            System.out.printf("re-embedded %d memories with %s; %d still made by another model%n",
                    progress.reembedded(), model.name(), progress.remaining());
        }
    }
}

package io.agentmemory.engine.facts;

import io.agentmemory.engine.store.AttributeRereading;
import io.agentmemory.engine.store.DatabaseUrl;

/**
 * Reads again the attribute key of every memory the current attribute table has not read, as the tables' owner
 * ({@code DATABASE_URL}'s user, or {@code MIGRATION_DATABASE_USER} / {@code MIGRATION_DATABASE_PASSWORD}):
 * {@code java -cp memory-functions-aws.jar io.agentmemory.engine.facts.RereadAttributesCommand [batch size] [max batches]}.
 * Safe to stop and run again, and to run twice at once.
 */
public final class RereadAttributesCommand {

    private RereadAttributesCommand() {
    }

    public static void main(String[] args) {
        String url = System.getenv().getOrDefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres");
        DatabaseUrl owner = DatabaseUrl.parse(url, System.getenv("MIGRATION_DATABASE_USER"), System.getenv("MIGRATION_DATABASE_PASSWORD"));
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : AttributeRereading.DEFAULT_BATCH;
        int maxBatches = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        AttributeRereading.Progress progress = AttributeRereading.run(owner, FactAttributes.READING,
                FactReadings::storedKeyOf, batch, maxBatches, System.out::println);
        System.out.printf("read the attributes of %d memories again; %d still read by an older table%n",
                progress.reread(), progress.remaining());
    }
}

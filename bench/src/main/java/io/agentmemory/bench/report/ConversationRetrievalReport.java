package io.agentmemory.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentmemory.bench.workload.ConversationRetrieval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** Prints the conversation set's table (rankings × question kinds) and writes it as {@code conversation-retrieval.json}. */
public final class ConversationRetrievalReport {

    public static final String FILE = "conversation-retrieval.json";

    private ConversationRetrievalReport() {
    }

    public static void write(ConversationRetrieval.Result result, Path directory, PrintStream console) throws IOException {
        console.println();
        console.printf("conversation set: %d conversations, %d questions; hit@10 per question kind, then hit@5 and recall@10 of all%n",
                result.conversations(), result.questions());
        console.printf("%-46s %7s %7s %7s %8s %9s %7s %9s %13s%n", "ranking", "all", "single", "multi", "temporal",
                "inference", "hit@5", "recall@10", "query CPU ms");
        for (ConversationRetrieval.Row row : result.rows()) {
            Map<String, double[]> k = row.byKind();
            console.printf("%-46s %7.3f %7.3f %7.3f %8.3f %9.3f %7.3f %9.3f %13s%n", row.ranking(), k.get("all")[1],
                    k.get("single")[1], k.get("multi")[1], k.get("temporal")[1], k.get("inference")[1], k.get("all")[0],
                    k.get("all")[2], row.queryCpuMillis() > 0 ? "%.2f".formatted(row.queryCpuMillis()) : "");
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(directory.resolve(FILE).toFile(), result);
    }
}

package io.agentmemory.functions.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.engine.store.Reembedding;

/**
 * {@code {"action":"reembed"}}: re-embeds the memories another model made, after {@code EMBEDDING_MODEL} changed,
 * in batches ({@link BatchedInvocation}; 256 memories a batch unless it says otherwise).
 */
final class ReembedInvocation {

    static final String ACTION = "reembed";

    private ReembedInvocation() {
    }

    static ObjectNode answer(ObjectMapper json, String model, Reembedding.Progress progress) {
        ObjectNode answer = json.createObjectNode();
        answer.put("action", ACTION);
        answer.put("model", model);
        answer.put("reembedded", progress.reembedded());
        answer.put("remaining", progress.remaining());
        answer.put("done", progress.remaining() == 0);
        return answer;
    }
}

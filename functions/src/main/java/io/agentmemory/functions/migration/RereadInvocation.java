package io.agentmemory.functions.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.engine.store.AttributeRereading;

/**
 * {@code {"action":"reread-attributes"}}: reads again, with this build's attribute table, the attribute key of every
 * memory an older table read or none did (after an upgrade from before migration V10, or a release that raised the
 * table's version), in batches ({@link BatchedInvocation}; 1,000 memories a batch unless it says otherwise). Until a
 * memory is read again an add still finds it by similarity: correct, only slower.
 */
final class RereadInvocation {

    static final String ACTION = "reread-attributes";

    private RereadInvocation() {
    }

    static ObjectNode answer(ObjectMapper json, short reading, AttributeRereading.Progress progress) {
        ObjectNode answer = json.createObjectNode();
        answer.put("action", ACTION);
        answer.put("reading", reading);
        answer.put("reread", progress.reread());
        answer.put("remaining", progress.remaining());
        answer.put("done", progress.remaining() == 0);
        return answer;
    }
}

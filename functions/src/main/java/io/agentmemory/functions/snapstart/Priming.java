package io.agentmemory.functions.snapstart;

import io.agentmemory.engine.MemoryEngine;
import io.agentmemory.functions.gateway.HttpApiEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import io.agentmemory.functions.http.HttpFunction;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.springframework.messaging.support.MessageBuilder;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs the hot paths once during init so a SnapStart snapshot holds a loaded model, JIT-warmed JSON mapping and
 * initialised function beans: the model, then each configured function through the function catalog with a
 * read-only request (no write ever happens while priming).
 */
public final class Priming {

    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    static final String PRIMING_USER = "__snapstart_priming__";

    /** Read-only or no-op requests, one per function bean. */
    private static final Map<String, String[]> REQUESTS = Map.of(
            "searchMemories", new String[]{"POST", "/v1/users/" + PRIMING_USER + "/memories/search", "{\"query\":\"window seats\"}"},
            "batchSearch", new String[]{"POST", "/v1/memories/search/batch",
                    "{\"searches\":[{\"userId\":\"" + PRIMING_USER + "\",\"query\":\"budget\"}]}"},
            "addMemories", new String[]{"POST", "/v1/users/" + PRIMING_USER + "/memories",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}"},
            "manageMemories", new String[]{"GET", "/v1/users/" + PRIMING_USER + "/memories", null},
            "travelContext", new String[]{"GET", "/v1/users/" + PRIMING_USER + "/context", null},
            "invalidateCache", new String[]{"GET", "/v1/users/" + PRIMING_USER + "/cache/invalidate", null},
            "mcpServer", new String[]{"POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"search_memories\",\"arguments\":{\"query\":\"window seats\"}}}"});

    private Priming() {
    }

    public static void prime(MemoryEngine engine, FunctionCatalog catalog, List<String> functionNames) {
        long started = System.nanoTime();
        engine.prime();
        for (String name : functionNames) {
            String[] request = REQUESTS.get(name);
            FunctionInvocationWrapper function = catalog.lookup(name, "application/json");
            if (request == null || function == null) {
                continue;
            }
            // An MCP client accepts both answer shapes (the MCP function requires it); the REST routes ignore it.
            HttpApiEvent event = HttpApiEvent.request(request[0], request[1]).header("content-type", "application/json")
                    .header("accept", "application/json, text/event-stream")
                    .requestId("priming-" + UUID.randomUUID()).as(PRIMING_USER);
            if (request[2] != null) {
                event.body(request[2]);
            }
            // A search runs twice: the second is answered from the environment's own copy, the path of a repeat.
            int runs = name.equals("searchMemories") ? 2 : 1;
            for (int run = 0; run < runs; run++) {
                // The path Lambda's invocations take (MemoryFunctionInvoker), so that is what the snapshot holds warm.
                if (function.getTarget() instanceof HttpFunction http) {
                    try {
                        http.handle(event.bytes(), null, OutputStream.nullOutputStream());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                } else {
                    function.apply(MessageBuilder.withPayload(event.bytes()).build());
                }
            }
        }
        LOG.info("primed {} in {} ms", functionNames, (System.nanoTime() - started) / 1_000_000);
    }
}

package io.agentmemory.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.LambdaResponse;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every sample event in {@code events/}, exactly as {@code sam local invoke -e} would send it, through the real
 * handler of the function the template wires it to. Events naming a memory id get the id of a memory the add
 * event just created, since a sample id can't exist in a fresh database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventFilesTest {

    private static final Path EVENTS = Path.of("..", "events");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Event file → function bean and the status it must produce, in the order a user's session would run. */
    private static final Map<String, Object[]> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("add-memories.json", new Object[]{FunctionBeans.ADD, 201});
        EXPECTED.put("search-memories.json", new Object[]{FunctionBeans.SEARCH, 200});
        EXPECTED.put("batch-search.json", new Object[]{FunctionBeans.BATCH_SEARCH, 200});
        EXPECTED.put("list-memories.json", new Object[]{FunctionBeans.MANAGE, 200});
        EXPECTED.put("get-memory.json", new Object[]{FunctionBeans.MANAGE, 200});
        EXPECTED.put("update-memory.json", new Object[]{FunctionBeans.MANAGE, 200});
        EXPECTED.put("memory-history.json", new Object[]{FunctionBeans.MANAGE, 200});
        EXPECTED.put("delete-memory.json", new Object[]{FunctionBeans.MANAGE, 204});
        EXPECTED.put("put-preferences.json", new Object[]{FunctionBeans.CONTEXT, 200});
        EXPECTED.put("get-context.json", new Object[]{FunctionBeans.CONTEXT, 200});
        EXPECTED.put("invalidate-cache.json", new Object[]{FunctionBeans.INVALIDATE, 200});
        EXPECTED.put("scheduled-sweep.json", new Object[]{FunctionBeans.INVALIDATE, 200});
        EXPECTED.put("mcp-initialize.json", new Object[]{FunctionBeans.MCP, 200});
        EXPECTED.put("mcp-add-memories.json", new Object[]{FunctionBeans.MCP, 200});
        EXPECTED.put("mcp-search-memories.json", new Object[]{FunctionBeans.MCP, 200});
        EXPECTED.put("delete-all-memories.json", new Object[]{FunctionBeans.MANAGE, 200});
    }

    private static String memoryId;

    @Test
    @Order(1)
    void everyEventFileIsCoveredHere() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS)) {
            List<String> events = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".json") && !name.equals("env.json")).sorted().toList();
            assertThat(EXPECTED.keySet()).containsExactlyInAnyOrderElementsOf(events);
        }
    }

    @Test
    @Order(2)
    void everyEventRunsThroughItsFunctionWithTheExpectedStatus() throws IOException {
        for (Map.Entry<String, Object[]> expected : EXPECTED.entrySet()) {
            String file = expected.getKey();
            JsonNode event = JSON.readTree(EVENTS.resolve(file).toFile());
            if (event.path("pathParameters").has("memoryId")) {
                event = withMemoryId((ObjectNode) event, memoryId);
            }
            LambdaResponse response = Functions.invoke((String) expected.getValue()[0], JSON.writeValueAsBytes(event));
            assertThat(response.status()).as(file + " answered " + response.rawBody()).isEqualTo(expected.getValue()[1]);
            if (file.equals("add-memories.json")) {
                assertThat(response.body().path("results")).isNotEmpty();
                memoryId = response.body().path("results").get(0).path("id").asText();
            }
            if (file.equals("search-memories.json")) {
                assertThat(response.body().path("results")).isNotEmpty();
            }
            if (file.startsWith("mcp-")) {
                assertThat(response.body().path("result").isObject()).as(file + " answered " + response.rawBody()).isTrue();
                assertThat(response.body().path("result").path("isError").asBoolean(false)).as(file).isFalse();
            }
            if (file.equals("mcp-search-memories.json")) {
                assertThat(response.body().path("result").path("structuredContent").path("results")).isNotEmpty();
            }
        }
    }

    private static JsonNode withMemoryId(ObjectNode event, String id) {
        String sample = event.path("pathParameters").path("memoryId").asText();
        ((ObjectNode) event.path("pathParameters")).put("memoryId", id);
        event.put("rawPath", event.path("rawPath").asText().replace(sample, id));
        ObjectNode http = (ObjectNode) event.path("requestContext").path("http");
        http.put("path", http.path("path").asText().replace(sample, id));
        return event;
    }
}

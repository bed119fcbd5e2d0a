package io.agentmemory.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.engine.testing.TestServices;
import io.agentmemory.local.lambda.LocalEnvironment;
import io.agentmemory.local.lambda.LocalFunctions;
import io.agentmemory.local.template.FunctionDefinition;
import io.agentmemory.local.template.HttpRoute;
import io.agentmemory.local.template.SamTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every sample event in {@code events/}, fed as it is to the function the template routes it to, with JWT checks
 * on: the events carry the claims an HTTP API's JWT authorizer passes.
 */
class EventFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The single-memory events name this id; the test swaps in the id of a memory it has just added. */
    private static final String SAMPLE_MEMORY_ID = "3f0e6a1c-9a56-4a7e-8f7a-0c1d2e3f4a5b";
    private static final String SAMPLE_IDEMPOTENCY_KEY = "add-7c1e2f50-lisbon-0001";
    private static SamTemplate template;
    private static Path eventsDirectory;
    private static LocalEnvironment environment;
    private static LocalFunctions functions;

    @BeforeAll
    static void start() {
        Path templateFile = SamTemplate.find(Path.of("")).orElseThrow();
        template = SamTemplate.load(templateFile, warning -> { });
        eventsDirectory = templateFile.getParent().resolve("events");
        Map<String, String> host = new HashMap<>(TestServices.get().environment());
        host.put("AUTH_MODE", "jwt");
        environment = LocalEnvironment.from(host);
        functions = LocalFunctions.start(template, template.functions().keySet(), environment, message -> { });
    }

    private static String eventText(String name) throws Exception {
        return Files.readString(eventsDirectory.resolve(name));
    }

    /** The add event under a fresh Idempotency-Key: a repeated key would replay the first answer and write nothing. */
    private static String freshAddEvent() throws Exception {
        return eventText("add-memories.json").replace(SAMPLE_IDEMPOTENCY_KEY, "add-" + java.util.UUID.randomUUID());
    }

    /** The function the template routes the event to: by route key, or the scheduled function for EventBridge. */
    private static String functionFor(JsonNode event) {
        if (event.has("detail-type")) {
            return template.functions().values().stream().filter(f -> !f.schedules().isEmpty())
                    .map(FunctionDefinition::logicalId).findFirst().orElseThrow();
        }
        String routeKey = event.path("routeKey").asText();
        return template.routes().stream().filter(r -> r.routeKey().equals(routeKey)).map(HttpRoute::functionId)
                .findFirst().orElseThrow(() -> new AssertionError("no route of template.yaml is " + routeKey));
    }

    private static JsonNode invoke(String eventJson) throws Exception {
        JsonNode event = JSON.readTree(eventJson);
        byte[] output = functions.get(functionFor(event)).invoke(eventJson.getBytes(StandardCharsets.UTF_8));
        return JSON.readTree(output);
    }

    @Test
    void everyEventFileIsRoutedByTheTemplate() throws Exception {
        List<Path> files;
        try (Stream<Path> listing = Files.list(eventsDirectory)) {
            files = listing.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().equals("env.json"))
                    .sorted().toList();
        }
        assertThat(files).hasSize(11);
        for (Path file : files) {
            JsonNode event = JSON.readTree(file.toFile());
            assertThat(functionFor(event)).as(file.getFileName().toString()).isNotBlank();
            if (event.has("routeKey")) {
                assertThat(event.path("requestContext").path("authorizer").path("jwt").path("claims").path("sub").asText())
                        .as("%s acts as the sample user", file.getFileName()).isEqualTo("user-123");
            }
        }
    }

    @Test
    void everyEventRunsThroughItsFunction() throws Exception {
        // Start from an empty user, so the add creates memories and the single-memory events have one to act on.
        assertThat(invoke(eventText("delete-all-memories.json")).path("statusCode").asInt()).isEqualTo(200);

        JsonNode added = invoke(freshAddEvent());
        assertThat(added.path("statusCode").asInt()).as(added.toString()).isEqualTo(201);
        JsonNode facts = JSON.readTree(added.path("body").asText()).path("results");
        assertThat(facts).isNotEmpty();
        String memoryId = facts.get(0).path("id").asText();

        Map<String, Integer> expected = new java.util.LinkedHashMap<>();
        expected.put("search-memories.json", 200);
        expected.put("batch-search.json", 200);
        expected.put("list-memories.json", 200);
        expected.put("get-memory.json", 200);
        expected.put("update-memory.json", 200);
        expected.put("memory-history.json", 200);
        expected.put("invalidate-cache.json", 200);
        expected.put("scheduled-sweep.json", 200);
        expected.put("delete-memory.json", 204);
        expected.put("delete-all-memories.json", 200);
        for (Map.Entry<String, Integer> event : expected.entrySet()) {
            JsonNode response = invoke(eventText(event.getKey()).replace(SAMPLE_MEMORY_ID, memoryId));
            assertThat(response.path("statusCode").asInt()).as(event.getKey() + ": " + response).isEqualTo(event.getValue());
        }
    }

    @Test
    void theSearchEventFindsTheSeatPreferenceOfTheAddEvent() throws Exception {
        invoke(freshAddEvent());
        JsonNode response = invoke(eventText("search-memories.json"));
        JsonNode results = JSON.readTree(response.path("body").asText()).path("results");
        assertThat(results).isNotEmpty();
        assertThat(results.get(0).path("memory").asText()).containsIgnoringCase("window seat");
    }

    @Test
    void invokeModePrintsOnlyTheResponseOnItsOutputAndAReportOnItsLog() throws Exception {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int status = InvokeCommand.run(template, environment, "ManageMemoriesFunction",
                eventText("list-memories.json").getBytes(StandardCharsets.UTF_8),
                new PrintStream(response, true, StandardCharsets.UTF_8), new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(status).isZero();
        JsonNode printed = JSON.readTree(response.toString(StandardCharsets.UTF_8));
        assertThat(printed.path("statusCode").asInt()).isEqualTo(200);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("REPORT ManageMemoriesFunction Init Duration:")
                .doesNotContain("AUTH_MODE=off");
    }
}

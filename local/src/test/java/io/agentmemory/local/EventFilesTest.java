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

    private static List<String> eventFiles() throws Exception {
        try (Stream<Path> listing = Files.list(eventsDirectory)) {
            return listing.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".json") && !name.equals("env.json")) // env.json is sam's --env-vars file
                    .sorted().toList();
        }
    }

    @Test
    void everyEventFileIsRoutedByTheTemplate() throws Exception {
        List<String> files = eventFiles();
        assertThat(files).contains("add-memories.json", "search-memories.json", "scheduled-sweep.json");
        for (String file : files) {
            JsonNode event = JSON.readTree(eventText(file));
            assertThat(functionFor(event)).as(file).isNotBlank();
            if (event.has("routeKey")) {
                assertThat(event.path("requestContext").path("authorizer").path("jwt").path("claims").path("sub").asText())
                        .as("%s acts as the sample user", file).isEqualTo("user-123");
            }
        }
    }

    /**
     * Every event succeeds as it is: the add runs first so the single-memory events have a memory to act on (its
     * id swapped in for the sample id), and the deletes run last so the others still find it.
     */
    @Test
    void everyEventRunsThroughItsFunction() throws Exception {
        JsonNode added = invoke(freshAddEvent());
        assertThat(added.path("statusCode").asInt()).as(added.toString()).isEqualTo(201);
        JsonNode facts = JSON.readTree(added.path("body").asText()).path("results");
        assertThat(facts).isNotEmpty();
        String memoryId = facts.get(0).path("id").asText();

        List<String> ordered = new java.util.ArrayList<>(eventFiles());
        ordered.remove("add-memories.json");
        ordered.sort(java.util.Comparator.comparing((String name) -> name.startsWith("delete-all"))
                .thenComparing(name -> name.startsWith("delete-")));
        for (String file : ordered) {
            JsonNode response = invoke(eventText(file).replace(SAMPLE_MEMORY_ID, memoryId));
            assertThat(response.path("statusCode").asInt()).as(file + ": " + response).isBetween(200, 299);
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

    @Test
    void anInvocationRunsWithTheTemplatesIdentityChecksLikeSamLocalInvoke() throws Exception {
        // No AUTH_MODE in the developer's shell: the template's own setting (jwt) applies, as in sam local invoke.
        LocalEnvironment templates = LocalEnvironment.forInvoke(TestServices.get().environment());
        String event = eventText("list-memories.json");
        JsonNode sample = JSON.readTree(event);
        String owner = sample.path("pathParameters").path("userId").asText();
        String foreign = event.replace("/v1/users/" + owner + "/", "/v1/users/someone-else/")
                .replace("\"userId\": \"" + owner + "\"", "\"userId\": \"someone-else\"")
                .replace("\"userId\":\"" + owner + "\"", "\"userId\":\"someone-else\"");
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        int status = InvokeCommand.run(template, templates, "ManageMemoriesFunction", foreign.getBytes(StandardCharsets.UTF_8),
                new PrintStream(response, true, StandardCharsets.UTF_8), new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(status).isZero();
        assertThat(JSON.readTree(response.toString(StandardCharsets.UTF_8)).path("statusCode").asInt())
                .as("another user's memories through a token for %s", owner).isEqualTo(403);
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("AUTH_MODE=off");
    }
}

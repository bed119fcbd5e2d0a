package io.agentmemory.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.engine.testing.TestServices;
import io.agentmemory.local.lambda.LocalEnvironment;
import io.agentmemory.local.template.SamTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The local API over real HTTP, with the real handlers, against the test database and cache. */
class LocalApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ByteArrayOutputStream CONSOLE = new ByteArrayOutputStream();
    private static LocalApi api;

    @BeforeAll
    static void start() {
        SamTemplate template = SamTemplate.load(SamTemplate.find(Path.of("")).orElseThrow(), warning -> { });
        // The developer's environment as the run command sets it: database and cache, nothing about auth.
        LocalEnvironment environment = LocalEnvironment.from(TestServices.get().environment());
        api = LocalApi.start(template, environment, "127.0.0.1", 0, new PrintStream(CONSOLE, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static HttpResponse<String> send(String method, String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + path));
        if (contentType != null) {
            request.header("content-type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postJson(String path, String json) throws Exception {
        return send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static String newUser() {
        return "local-api-" + UUID.randomUUID();
    }

    @Test
    void aMemoryAddedOverHttpIsFoundBySearch() throws Exception {
        String user = newUser();
        HttpResponse<String> added = postJson("/v1/users/" + user + "/memories",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"I'm vegetarian, I prefer window seats and my budget is about 2,000 EUR.\"}]}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(added.headers().firstValue("content-type")).contains("application/json");
        assertThat(JSON.readTree(added.body()).path("results")).isNotEmpty();

        HttpResponse<String> found = postJson("/v1/users/" + user + "/memories/search",
                "{\"query\":\"Which seat should I book on the flight?\",\"limit\":3}");
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        JsonNode results = JSON.readTree(found.body()).path("results");
        assertThat(results).isNotEmpty();
        assertThat(results.get(0).path("memory").asText()).containsIgnoringCase("window seat");
    }

    @Test
    void theQueryStringReachesTheFunctionAndPagesThroughMemories() throws Exception {
        String user = newUser();
        postJson("/v1/users/" + user + "/memories",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"I prefer aisle seats.\"},{\"role\":\"user\",\"content\":\"I am allergic to peanuts.\"}],\"infer\":false}");

        JsonNode first = JSON.readTree(send("GET", "/v1/users/" + user + "/memories?limit=1", null, null).body());
        assertThat(first.path("memories")).hasSize(1);
        String cursor = first.path("nextCursor").asText();
        assertThat(cursor).isNotBlank();

        HttpResponse<String> second = send("GET", "/v1/users/" + user + "/memories?limit=1&cursor="
                + java.net.URLEncoder.encode(cursor, StandardCharsets.UTF_8), null, null);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        JsonNode page = JSON.readTree(second.body()).path("memories");
        assertThat(page).hasSize(1);
        assertThat(page.get(0).path("id").asText()).isNotEqualTo(first.path("memories").get(0).path("id").asText());
    }

    @Test
    void aDeleteAnswersWithNoContent() throws Exception {
        String user = newUser();
        JsonNode added = JSON.readTree(postJson("/v1/users/" + user + "/memories",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"I always travel with my bike.\"}],\"infer\":false}").body());
        String id = added.path("results").get(0).path("id").asText();

        HttpResponse<String> deleted = send("DELETE", "/v1/users/" + user + "/memories/" + id, null, null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(send("GET", "/v1/users/" + user + "/memories/" + id, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aBodyThatIsNotUtf8ReachesTheFunctionBase64EncodedAndIsRejectedThere() throws Exception {
        HttpResponse<String> response = send("POST", "/v1/users/" + newUser() + "/memories", "application/json",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"v\u00e9g\u00e9tarien\"}]}".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).contains("application/problem+json");
    }

    @Test
    void anUnknownRouteIsAProblemJson404() throws Exception {
        HttpResponse<String> response = send("GET", "/v1/nothing/here", null, null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).contains("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(404);
        assertThat(problem.path("detail").asText()).contains("GET /v1/nothing/here");
    }

    /** The template's ANY routes take a method no route of a known path names to a function, which answers 405. */
    @Test
    void aWrongMethodOnAKnownPathIsAProblemJson405NamingTheWholeApisMethods() throws Exception {
        HttpResponse<String> search = send("PUT", "/v1/users/" + newUser() + "/memories/search", "application/json",
                "{\"query\":\"seats\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(search.statusCode()).as(search.body()).isEqualTo(405);
        assertThat(search.headers().firstValue("allow")).contains("POST");
        assertThat(search.headers().firstValue("content-type")).contains("application/problem+json");
        JsonNode problem = JSON.readTree(search.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:agent-memory:problem:method-not-allowed");
        assertThat(problem.path("status").asInt()).isEqualTo(405);

        // A path two functions share: Allow names both functions' methods.
        HttpResponse<String> memories = send("PATCH", "/v1/users/" + newUser() + "/memories", "application/json", "{}".getBytes());
        assertThat(memories.statusCode()).as(memories.body()).isEqualTo(405);
        assertThat(memories.headers().firstValue("allow")).contains("DELETE, GET, POST");
    }

    @Test
    void printsTheRoutesACurlExampleAndTheAuthWarning() {
        String console = CONSOLE.toString(StandardCharsets.UTF_8);
        assertThat(console)
                .contains("POST    " + api.baseUrl() + "/v1/users/{userId}/memories  ->  AddMemoriesFunction")
                .contains("GET     " + api.baseUrl() + "/v1/users/{userId}/memories/{memoryId}/history  ->  ManageMemoriesFunction")
                .contains("curl -s -X POST " + api.baseUrl() + "/v1/users/user-123/memories")
                .contains("MCP clients (Streamable HTTP): " + api.baseUrl() + "/mcp")
                .contains("AUTH_MODE=off");
    }
}

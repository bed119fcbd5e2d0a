package io.agentmemory.local.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.engine.testing.TestServices;
import io.agentmemory.local.gateway.ApiRouter;
import io.agentmemory.local.gateway.LocalHttpApi;
import io.agentmemory.local.lambda.LocalEnvironment;
import io.agentmemory.local.lambda.LocalFunctions;
import io.agentmemory.local.template.HttpRoute;
import io.agentmemory.local.template.SamTemplate;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The MCP server function through the SDK's own Java client (its Streamable HTTP transport), served by the local
 * runner's gateway and function runner from {@code template.yaml}, on the test database and cache. Two
 * environments: JWT checks on (tokens minted here; the local gateway passes their claims as API Gateway's JWT
 * authorizer would, without a signature to check) and off, as {@code scripts/run.sh} runs it.
 */
class McpServerTest {

    private static final String FUNCTION = "McpServerFunction";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> TOOLS = List.of("add_memories", "search_memories", "get_user_context",
            "list_memories", "get_memory", "update_memory", "delete_memory", "memory_history");

    private static LocalHttpApi withJwt;
    private static LocalHttpApi withoutAuth;
    private static final List<McpSyncClient> CLIENTS = new ArrayList<>();

    @BeforeAll
    static void start() {
        SamTemplate template = SamTemplate.load(SamTemplate.find(Path.of("")).orElseThrow(), warning -> { });
        withJwt = serve(template, "jwt");
        withoutAuth = serve(template, "off");
        warmUp(client(withoutAuth, "X-Memory-User", "mcp-warm-up"));
        warmUp(client(withJwt, "Authorization", "Bearer " + token("mcp-warm-up")));
    }

    /**
     * The first database connection of a fresh environment can outlast the engine's budget on a busy test machine
     * (a 503 the client could retry); the tests are about answers, so the environments connect first.
     */
    private static void warmUp(McpSyncClient client) {
        client.initialize();
        for (int attempt = 0; attempt < 5 && call(client, "list_memories", Map.of()).isError(); attempt++) {
            // retried: see above
        }
    }

    private static LocalHttpApi serve(SamTemplate template, String authMode) {
        Map<String, String> host = new HashMap<>(TestServices.get().environment());
        host.put("AUTH_MODE", authMode);
        List<HttpRoute> routes = template.routes().stream().filter(route -> route.functionId().equals(FUNCTION)).toList();
        assertThat(routes).extracting(HttpRoute::routeKey).containsExactlyInAnyOrder("POST /mcp", "ANY /mcp");
        LocalFunctions functions = LocalFunctions.start(template, List.of(FUNCTION), LocalEnvironment.from(host), message -> { });
        return LocalHttpApi.start("127.0.0.1", 0, new ApiRouter(routes), functions,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        CLIENTS.forEach(McpSyncClient::closeGracefully);
        if (withJwt != null) {
            withJwt.close();
        }
        if (withoutAuth != null) {
            withoutAuth.close();
        }
    }

    private static String baseUrl(LocalHttpApi api) {
        return "http://127.0.0.1:" + api.port();
    }

    /** A JWT as an issuer would sign it; the local gateway reads its claims (API Gateway verifies the signature). */
    private static String token(String subject, String... scopes) {
        return token(subject, System.currentTimeMillis() / 1000 + 3600, scopes);
    }

    private static String token(String subject, long expiresAtEpochSecond, String... scopes) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> claims = new HashMap<>(Map.of("sub", subject, "iss", "https://issuer.example",
                "exp", expiresAtEpochSecond));
        if (scopes.length > 0) {
            claims.put("scope", String.join(" ", scopes));
        }
        try {
            return header + "." + base64.encodeToString(JSON.writeValueAsBytes(claims)) + "." + base64.encodeToString(new byte[32]);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static McpSyncClient client(LocalHttpApi api, String header, String value) {
        HttpClientStreamableHttpTransport.Builder transport = HttpClientStreamableHttpTransport.builder(baseUrl(api))
                .endpoint("/mcp");
        if (header != null) {
            transport.httpRequestCustomizer((request, method, uri, body, context) -> request.header(header, value));
        }
        McpSyncClient client = McpClient.sync(transport.build()).requestTimeout(Duration.ofSeconds(60)).build();
        CLIENTS.add(client);
        return client;
    }

    private static McpSyncClient signedIn(String subject, String... scopes) {
        McpSyncClient client = client(withJwt, "Authorization", "Bearer " + token(subject, scopes));
        client.initialize();
        return client;
    }

    private static String newUser() {
        return "mcp-" + UUID.randomUUID();
    }

    private static JsonNode structured(CallToolResult result) {
        return JSON.valueToTree(result.structuredContent());
    }

    private static String text(CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(new CallToolRequest(tool, arguments));
    }

    private static CallToolResult succeeds(McpSyncClient client, String tool, Map<String, Object> arguments) {
        CallToolResult result = call(client, tool, arguments);
        assertThat(result.isError()).as(tool + ": " + result).isFalse();
        return result;
    }

    private static JsonNode failsWith(int status, McpSyncClient client, String tool, Map<String, Object> arguments) {
        CallToolResult result = call(client, tool, arguments);
        assertThat(result.isError()).as(tool + ": " + result).isTrue();
        JsonNode problem = structured(result);
        assertThat(problem.path("status").asInt()).as(problem.toString()).isEqualTo(status);
        assertThat(text(result)).startsWith("Error " + status);
        return problem;
    }

    private static String addOne(McpSyncClient client, String fact) {
        JsonNode added = structured(succeeds(client, "add_memories", Map.of("fact", fact, "infer", false)));
        return added.path("results").get(0).path("id").asText();
    }

    @Test
    void initializeNamesTheServerAndListsEveryToolWithItsSchema() {
        McpSyncClient client = client(withJwt, "Authorization", "Bearer " + token(newUser()));
        McpSchema.InitializeResult initialized = client.initialize();
        assertThat(initialized.serverInfo().name()).isEqualTo("agent-memory");
        assertThat(initialized.capabilities().tools()).isNotNull();
        assertThat(initialized.instructions()).contains("memory");

        List<McpSchema.Tool> tools = client.listTools().tools();
        assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrderElementsOf(TOOLS);
        for (McpSchema.Tool tool : tools) {
            assertThat(tool.description()).as(tool.name()).isNotBlank().hasSizeLessThan(400);
            assertThat(tool.inputSchema()).as(tool.name()).containsEntry("type", "object").containsKey("properties");
            assertThat(JSON.valueToTree(tool.inputSchema()).path("properties").has("userId")).as(tool.name()).isTrue();
        }
        McpSchema.Tool search = tools.stream().filter(t -> t.name().equals("search_memories")).findFirst().orElseThrow();
        assertThat(JSON.valueToTree(search.inputSchema()).path("required").toString()).isEqualTo("[\"query\"]");
        assertThat(search.annotations().readOnlyHint()).isTrue();
    }

    @Test
    void aSearchAfterAnAddSeesIt() {
        McpSyncClient client = signedIn(newUser());
        CallToolResult added = succeeds(client, "add_memories", Map.of("messages", List.of(Map.of("role", "user",
                "content", "I'm vegetarian and I always book a window seat."))));
        assertThat(structured(added).path("results")).isNotEmpty();
        assertThat(text(added)).contains("ADD");

        CallToolResult found = succeeds(client, "search_memories", Map.of("query", "Which seat should I book?", "limit", 3));
        JsonNode results = structured(found).path("results");
        assertThat(results).isNotEmpty();
        assertThat(results.get(0).path("memory").asText()).containsIgnoringCase("window seat");
        assertThat(text(found)).containsIgnoringCase("window seat").contains(results.get(0).path("id").asText());
    }

    @Test
    void aNamedPersonsNewsIsRememberedUnderTheirName() {
        McpSyncClient client = signedIn(newUser());
        JsonNode addSchema = JSON.valueToTree(client.listTools().tools().stream()
                .filter(tool -> tool.name().equals("add_memories")).findFirst().orElseThrow().inputSchema());
        assertThat(addSchema.path("properties").path("messages").path("items").path("properties").path("name").path("maxLength").asInt())
                .isEqualTo(64);

        CallToolResult added = succeeds(client, "add_memories", Map.of("messages", List.of(
                Map.of("role", "assistant", "name", "Leo", "content", "I work at the bakery on Elm Street."))));
        assertThat(structured(added).path("results").findValuesAsText("memory")).containsExactly("Leo works at the bakery on Elm Street");

        assertThat(failsWith(400, client, "add_memories", Map.of("messages", List.of(
                Map.of("role", "assistant", "name", "L".repeat(65), "content", "I work at the bakery on Elm Street."))))
                .path("errors").get(0).path("field").asText()).isEqualTo("messages[0].name");
    }

    @Test
    void everyToolRunsOnTheSameEngineAsTheRestRoutes() {
        String user = newUser();
        McpSyncClient client = signedIn(user);
        String id = addOne(client, "Prefers aisle seats");
        addOne(client, "Is allergic to peanuts");

        JsonNode page = structured(succeeds(client, "list_memories", Map.of("limit", 1)));
        assertThat(page.path("memories")).hasSize(1);
        JsonNode next = structured(succeeds(client, "list_memories", Map.of("limit", 1, "cursor", page.path("nextCursor").asText())));
        assertThat(next.path("memories")).hasSize(1);

        JsonNode memory = structured(succeeds(client, "get_memory", Map.of("memoryId", id)));
        assertThat(memory.path("memory").asText()).isEqualTo("Prefers aisle seats");
        assertThat(memory.path("userId").asText()).isEqualTo(user);

        JsonNode updated = structured(succeeds(client, "update_memory", Map.of("memoryId", id, "memory", "Prefers window seats",
                "categories", List.of("preferences"))));
        assertThat(updated.path("memory").asText()).isEqualTo("Prefers window seats");

        CallToolResult history = succeeds(client, "memory_history", Map.of("memoryId", id));
        assertThat(structured(history).path("history")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(text(history)).contains("Prefers aisle seats").contains("Prefers window seats");

        CallToolResult context = succeeds(client, "get_user_context", Map.of());
        assertThat(structured(context).path("userId").asText()).isEqualTo(user);
        assertThat(structured(context).path("memoryCount").asInt()).isEqualTo(2);

        CallToolResult deleted = succeeds(client, "delete_memory", Map.of("memoryId", id));
        assertThat(structured(deleted).path("deleted").asBoolean()).isTrue();
        JsonNode gone = failsWith(404, client, "get_memory", Map.of("memoryId", id));
        assertThat(gone.path("type").asText()).isEqualTo("urn:agent-memory:problem:memory-not-found");
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyStoresNothingTwice() {
        McpSyncClient client = signedIn(newUser());
        Map<String, Object> arguments = Map.of("fact", "Flies from Lisbon", "infer", false, "idempotencyKey", "retry-" + UUID.randomUUID());
        CallToolResult first = succeeds(client, "add_memories", arguments);
        CallToolResult retry = succeeds(client, "add_memories", arguments);
        assertThat(structured(retry)).isEqualTo(structured(first));
        assertThat(retry.meta()).containsEntry("idempotentReplayed", true);
        assertThat(structured(succeeds(client, "list_memories", Map.of())).path("memories")).hasSize(1);
    }

    @Test
    void anotherUsersMemoryIsNotReachable() {
        String owner = newUser();
        String id = addOne(signedIn(owner), "Has a passport expiring in March");

        McpSyncClient stranger = signedIn(newUser());
        failsWith(404, stranger, "get_memory", Map.of("memoryId", id));
        failsWith(404, stranger, "delete_memory", Map.of("memoryId", id));
        assertThat(structured(succeeds(stranger, "search_memories", Map.of("query", "passport"))).path("results")).isEmpty();
        JsonNode forbidden = failsWith(403, stranger, "get_memory", Map.of("memoryId", id, "userId", owner));
        assertThat(forbidden.path("type").asText()).isEqualTo("urn:agent-memory:problem:forbidden");

        McpSyncClient admin = signedIn("support-agent", "memory/admin");
        JsonNode memory = structured(succeeds(admin, "get_memory", Map.of("memoryId", id, "userId", owner)));
        assertThat(memory.path("userId").asText()).isEqualTo(owner);
    }

    @Test
    void withoutATokenTheServerAnswers401() throws Exception {
        McpSyncClient anonymous = client(withJwt, null, null);
        assertThatThrownBy(anonymous::initialize).hasStackTraceContaining("401");

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl(withJwt) + "/mcp"))
                .header("content-type", "application/json").header("accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).contains("Bearer");
    }

    @Test
    void theLocalGatewayRefusesAMalformedOrExpiredTokenAsApiGatewayDoes() throws Exception {
        String expired = token(newUser(), System.currentTimeMillis() / 1000 - 60);
        for (String authorization : List.of("Bearer not-a-jwt", "Basic dXNlcjpwYXNz", "Bearer " + expired)) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl(withJwt) + "/mcp"))
                    .header("authorization", authorization).header("content-type", "application/json")
                    .header("accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(authorization).isEqualTo(401);
        }
    }

    @Test
    void aWebPageAClientThatCannotReadBothAnswerShapesOrABodyThatIsNoJsonRpcIsRefused() throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl(withJwt) + "/mcp"))
                .header("authorization", "Bearer " + token(newUser())).header("content-type", "application/json");
        HttpResponse<String> jsonOnly = HTTP.send(request.copy().header("accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(jsonOnly.statusCode()).isEqualTo(406);

        HttpResponse<String> fromAWebPage = HTTP.send(request.copy().header("accept", "application/json, text/event-stream")
                .header("origin", "http://rebinding.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fromAWebPage.statusCode()).isEqualTo(403);

        HttpResponse<String> notJsonRpc = HTTP.send(request.copy().header("accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hello\":\"world\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notJsonRpc.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJsonRpc.body()).path("error").path("code").asInt()).isEqualTo(McpSchema.ErrorCodes.INVALID_REQUEST);

        HttpResponse<String> malformed = HTTP.send(request.copy().header("accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("content-type")).contains("application/problem+json");
    }

    @Test
    void badArgumentsAreToolErrorsNamingTheField() {
        McpSyncClient client = signedIn(newUser());
        assertThat(failsWith(400, client, "search_memories", Map.of("query", "seats", "limit", "ten"))
                .path("errors").get(0).path("field").asText()).isEqualTo("limit");
        assertThat(failsWith(400, client, "search_memories", Map.of("query", "seats", "limit", 1000))
                .path("errors").get(0).path("field").asText()).isEqualTo("limit");
        assertThat(failsWith(400, client, "search_memories", Map.of("limit", 3)).toString()).contains("query");
        assertThat(failsWith(400, client, "add_memories", Map.of("messages", List.of(Map.of("role", "user"))))
                .toString()).contains("messages[0].content");
        assertThat(failsWith(400, client, "add_memories", Map.of("fact", "x", "messages", List.of()))
                .path("errors").get(0).path("field").asText()).isEqualTo("fact");
        assertThat(failsWith(400, client, "get_memory", Map.of("memoryId", "not-a-uuid"))
                .path("errors").get(0).path("field").asText()).isEqualTo("memoryId");
        assertThat(failsWith(400, client, "get_memory", Map.of())
                .path("errors").get(0).path("field").asText()).isEqualTo("memoryId");
        assertThat(failsWith(400, client, "list_memories", Map.of("colour", "blue"))
                .path("errors").get(0).path("field").asText()).isEqualTo("colour");
        CallToolResult wrongType = call(client, "update_memory", Map.of("memoryId", UUID.randomUUID().toString(), "memory", 42));
        assertThat(wrongType.isError()).isTrue();
        assertThat(text(wrongType)).contains("memory").contains("expected a string");
    }

    @Test
    void anImportedConversationKeepsItsTimeAndASearchFiltersOnIt() {
        McpSyncClient client = signedIn(newUser());
        succeeds(client, "add_memories", Map.of("fact", "I got back from Porto yesterday, the flight was delayed.",
                "infer", false, "observedAt", "2025-03-14T18:20:00Z"));
        succeeds(client, "add_memories", Map.of("fact", "I got back from Harrogate yesterday, the train was late.",
                "infer", false, "observedAt", "2025-06-02T09:00:00Z"));

        CallToolResult spring = succeeds(client, "search_memories", Map.of("query", "when did I get back?",
                "filters", Map.of("observedFrom", "2025-03-01T00:00:00Z", "observedTo", "2025-04-01T00:00:00Z")));
        JsonNode results = structured(spring).path("results");
        assertThat(results).hasSize(1);
        assertThat(results.get(0).path("memory").asText()).contains("Porto");
        assertThat(results.get(0).path("observedAt").asText()).isEqualTo("2025-03-14T18:20:00Z");
        assertThat(results.get(0).path("dates")).isEqualTo(JSON.valueToTree(List.of(Map.of("phrase", "yesterday", "date", "2025-03-13"))));
        assertThat(text(spring)).contains("said 2025-03-14T18:20:00Z").contains("\"yesterday\" = 2025-03-13");

        JsonNode fromMay = structured(succeeds(client, "search_memories", Map.of("query", "when did I get back?",
                "filters", Map.of("observedFrom", "2025-05-01T00:00:00Z"))));
        assertThat(fromMay.path("results")).extracting(hit -> hit.path("memory").asText())
                .containsExactly("I got back from Harrogate yesterday, the train was late.");
    }

    @Test
    void observedTimesAreListedAndABadOneIsAToolErrorNamingTheField() {
        McpSyncClient client = signedIn(newUser());
        Map<String, JsonNode> schemas = new HashMap<>();
        client.listTools().tools().forEach(tool -> schemas.put(tool.name(), JSON.valueToTree(tool.inputSchema())));
        assertThat(schemas.get("add_memories").path("properties").path("observedAt").path("format").asText()).isEqualTo("date-time");
        JsonNode filters = schemas.get("search_memories").path("properties").path("filters").path("properties");
        assertThat(filters.path("observedFrom").path("format").asText()).isEqualTo("date-time");
        assertThat(filters.path("observedTo").path("format").asText()).isEqualTo("date-time");

        JsonNode notATime = failsWith(400, client, "add_memories", Map.of("fact", "Flies from Oslo", "observedAt", "last spring"));
        assertThat(notATime.path("errors").get(0).path("field").asText()).isEqualTo("observedAt");
        assertThat(notATime.path("errors").get(0).path("message").asText()).contains("ISO-8601");
        JsonNode future = failsWith(400, client, "add_memories", Map.of("fact", "Flies from Oslo",
                "observedAt", java.time.Instant.now().plus(Duration.ofDays(3)).toString()));
        assertThat(future.path("errors").get(0).path("field").asText()).isEqualTo("observedAt");
        assertThat(future.path("errors").get(0).path("message").asText()).contains("future");
        assertThat(failsWith(400, client, "search_memories", Map.of("query", "flights", "filters", Map.of("observedFrom", "March")))
                .path("errors").get(0).path("field").asText()).isEqualTo("filters.observedFrom");
        JsonNode backwards = failsWith(400, client, "search_memories", Map.of("query", "flights", "filters",
                Map.of("observedFrom", "2025-06-01T00:00:00Z", "observedTo", "2025-03-01T00:00:00Z")));
        assertThat(backwards.path("errors").get(0).path("field").asText()).isEqualTo("filters.observedTo");
        assertThat(structured(succeeds(client, "list_memories", Map.of())).path("memories")).isEmpty();
    }

    @Test
    void everyMethodButPostAnswers405ForAStatelessServer() throws Exception {
        for (String method : List.of("GET", "DELETE", "PUT")) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl(withJwt) + "/mcp"))
                    .header("authorization", "Bearer " + token(newUser())).header("accept", "text/event-stream")
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("allow")).as(method).contains("POST");
            assertThat(response.headers().firstValue("content-type")).as(method).contains("application/problem+json");
        }
        // Without a token, the methods the path takes are not told: the same 401 as every route.
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl(withJwt) + "/mcp"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("allow")).isEmpty();
    }

    @Test
    void withoutSignInTheClientNamesItsUserInAHeader() {
        String user = newUser();
        McpSyncClient configured = client(withoutAuth, "X-Memory-User", user);
        configured.initialize();
        String id = addOne(configured, "Travels with a folding bike");
        assertThat(structured(succeeds(configured, "get_memory", Map.of("memoryId", id))).path("userId").asText()).isEqualTo(user);

        McpSyncClient unconfigured = client(withoutAuth, null, null);
        unconfigured.initialize();
        assertThat(failsWith(400, unconfigured, "list_memories", Map.of()).path("errors").get(0).path("field").asText())
                .isEqualTo("userId");
        assertThat(structured(succeeds(unconfigured, "list_memories", Map.of("userId", user))).path("memories")).hasSize(1);
    }
}

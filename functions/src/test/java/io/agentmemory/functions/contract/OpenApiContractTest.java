package io.agentmemory.functions.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.functions.ApiRoutes;
import io.agentmemory.functions.FunctionBeans;
import io.agentmemory.functions.gateway.HttpApiEvent;
import io.agentmemory.functions.testing.DeployedTemplate;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.HttpEvents;
import io.agentmemory.functions.testing.LambdaResponse;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * openapi.yaml is the contract clients build on: a valid OpenAPI 3.1 document (swagger-parser) naming exactly the
 * routes the template deploys, and every route's real answers, successes and errors alike, validate against it.
 * The answers come from the real handlers fed API Gateway events, against PostgreSQL and Redis.
 */
class OpenApiContractTest {

    private static final String MEMORIES = "/v1/users/{userId}/memories";
    private static final String ONE_MEMORY = MEMORIES + "/{memoryId}";

    @Test
    void theContractIsAValidOpenApiDocumentNamingExactlyTheDeployedRoutes() throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(Files.readString(OpenApiContract.LOCATION), null, options);
        assertThat(parsed.getMessages()).as("swagger-parser's findings").isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api.getOpenapi()).startsWith("3.1");
        assertThat(api.getComponents().getSecuritySchemes().get("jwt").getBearerFormat()).isEqualTo("JWT");
        assertThat(api.getSecurity()).as("every operation needs the JWT").isNotEmpty();

        Set<String> contract = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> contract.add(method.name() + " " + path)));
        Set<String> deployed = new TreeSet<>();
        Set<String> pathsWithAnyRoute = new TreeSet<>();
        JsonNode body = DeployedTemplate.get().resource("MemoryHttpApi").path("Properties").path("Body").path("paths");
        body.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (method.equals("x-amazon-apigateway-any-method")) {
                pathsWithAnyRoute.add(path.getKey());
            } else {
                deployed.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        assertThat(deployed).as("the routes of ApiRoutes, the functions' one route table")
                .isEqualTo(ApiRoutes.ALL.stream().map(ApiRoutes.ApiRoute::key).collect(Collectors.toCollection(TreeSet::new)));
        assertThat(pathsWithAnyRoute).as("every path's ANY route, which answers the methods it does not take 405")
                .isEqualTo(api.getPaths().keySet());
        assertThat(contract).containsAll(deployed);
        // What the contract lists beyond the deployed routes documents an ANY route's answers: 405, or the 401 first.
        for (String refusal : contract.stream().filter(operation -> !deployed.contains(operation)).toList()) {
            String[] methodAndPath = refusal.split(" ", 2);
            var responses = api.getPaths().get(methodAndPath[1]).readOperationsMap()
                    .get(PathItem.HttpMethod.valueOf(methodAndPath[0])).getResponses();
            assertThat(responses.keySet()).as(refusal).contains("405").isSubsetOf("401", "405");
        }
    }

    @Test
    void everyRouteAnswersAsTheContractSays() throws Exception {
        OpenApiContract contract = OpenApiContract.load();
        List<String> violations = new ArrayList<>();
        String user = "user-" + UUID.randomUUID();
        String memories = "/v1/users/" + user + "/memories";

        LambdaResponse added = call(violations, contract, FunctionBeans.ADD, "POST", MEMORIES, HttpEvents.post(memories,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"I'm vegetarian and I prefer window seats. My budget is about 2,000 EUR.\"}]}").as(user));
        String memoryId = added.body().path("results").get(0).path("id").asText();
        String key = "key-" + UUID.randomUUID();
        String keyed = "{\"messages\":[{\"role\":\"user\",\"content\":\"I love hiking in the Alps.\"}]}";
        call(violations, contract, FunctionBeans.ADD, "POST", MEMORIES, HttpEvents.post(memories, keyed).header("Idempotency-Key", key).as(user));
        LambdaResponse replayed = call(violations, contract, FunctionBeans.ADD, "POST", MEMORIES,
                HttpEvents.post(memories, keyed).header("Idempotency-Key", key).as(user));
        assertThat(replayed.headers()).containsEntry("idempotent-replayed", "true");
        expect(409, call(violations, contract, FunctionBeans.ADD, "POST", MEMORIES, HttpEvents.post(memories,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"I love sailing.\"}]}").header("Idempotency-Key", key).as(user)));

        call(violations, contract, FunctionBeans.SEARCH, "POST", MEMORIES + "/search",
                HttpEvents.post(memories + "/search", "{\"query\":\"where does the traveller sit?\",\"limit\":2,\"mode\":\"hybrid\"}").as(user));
        call(violations, contract, FunctionBeans.BATCH_SEARCH, "POST", "/v1/memories/search/batch",
                HttpEvents.post("/v1/memories/search/batch", "{\"searches\":[{\"userId\":\"" + user + "\",\"query\":\"budget\"},"
                        + "{\"userId\":\"" + user + "\",\"query\":\"\"}]}").as(user));
        call(violations, contract, FunctionBeans.INVALIDATE, "POST", "/v1/users/{userId}/cache/invalidate",
                HttpEvents.post("/v1/users/" + user + "/cache/invalidate", null).as(user));
        call(violations, contract, FunctionBeans.MANAGE, "GET", MEMORIES, HttpEvents.get(memories).query("limit", "1").as(user));
        call(violations, contract, FunctionBeans.MANAGE, "GET", ONE_MEMORY, HttpEvents.get(memories + "/" + memoryId).as(user));
        call(violations, contract, FunctionBeans.MANAGE, "PUT", ONE_MEMORY, HttpEvents.request("PUT", memories + "/" + memoryId)
                .header("content-type", "application/json").body("{\"memory\":\"Is vegan\",\"categories\":[\"dietary\"]}").as(user));
        call(violations, contract, FunctionBeans.MANAGE, "GET", ONE_MEMORY + "/history",
                HttpEvents.get(memories + "/" + memoryId + "/history").as(user));
        call(violations, contract, FunctionBeans.CONTEXT, "GET", "/v1/users/{userId}/context",
                HttpEvents.get("/v1/users/" + user + "/context").as(user));
        call(violations, contract, FunctionBeans.CONTEXT, "PUT", "/v1/users/{userId}/preferences",
                HttpEvents.request("PUT", "/v1/users/" + user + "/preferences").header("content-type", "application/json")
                        .body("{\"preferences\":{\"destinations\":[\"Lisbon\"],\"budget\":{\"min\":1000,\"max\":2000,\"currency\":\"EUR\"}}}").as(user));
        expect(204, call(violations, contract, FunctionBeans.MANAGE, "DELETE", ONE_MEMORY,
                HttpEvents.request("DELETE", memories + "/" + memoryId).as(user)));
        expect(404, call(violations, contract, FunctionBeans.MANAGE, "GET", ONE_MEMORY, HttpEvents.get(memories + "/" + memoryId).as(user)));

        // The errors every client must handle.
        expect(400, call(violations, contract, FunctionBeans.ADD, "POST", MEMORIES,
                HttpEvents.post(memories, "{\"messages\":[],\"mesages\":1}").as(user)));
        expect(400, call(violations, contract, FunctionBeans.SEARCH, "POST", MEMORIES + "/search",
                HttpEvents.post(memories + "/search", "{\"query\":\"x\",\"limit\":1000}").as(user)));
        expect(401, call(violations, contract, FunctionBeans.SEARCH, "POST", MEMORIES + "/search",
                HttpEvents.post(memories + "/search", "{\"query\":\"seats\"}")));
        expect(403, call(violations, contract, FunctionBeans.MANAGE, "GET", MEMORIES, HttpEvents.get(memories).as("someone-else")));
        expect(413, call(violations, contract, FunctionBeans.ADD, "POST", MEMORIES,
                HttpEvents.post(memories, "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(1_100_000) + "\"}]}").as(user)));
        expect(415, call(violations, contract, FunctionBeans.SEARCH, "POST", MEMORIES + "/search",
                HttpEvents.request("POST", memories + "/search").header("content-type", "text/plain").body("seats").as(user)));
        expect(503, call(violations, contract, databaseDown(), FunctionBeans.SEARCH, "POST", MEMORIES + "/search",
                HttpEvents.post(memories + "/search", "{\"query\":\"seats\"}").as(user)));

        LambdaResponse noStream = expect(405, call(violations, contract, FunctionBeans.MCP, "GET", "/mcp", HttpEvents.get("/mcp").as(user)));
        assertThat(noStream.headers()).containsEntry("allow", "POST");
        expect(405, call(violations, contract, FunctionBeans.MCP, "DELETE", "/mcp", HttpEvents.request("DELETE", "/mcp").as(user)));

        expect(200, call(violations, contract, FunctionBeans.MANAGE, "DELETE", MEMORIES, HttpEvents.request("DELETE", memories).as(user)));
        assertThat(violations).isEmpty();
    }

    private static FunctionInvoker databaseDown;

    private static FunctionInvoker databaseDown() throws Exception {
        if (databaseDown == null) {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            Map<String, String> settings = Functions.testEnvironment();
            settings.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:" + closedPort + "/postgres");
            settings.put("DB_ACQUIRE_TIMEOUT_MS", "1000");
            settings.put("CLIENT_NAME", "contract-database-down");
            databaseDown = Functions.start(FunctionBeans.SEARCH, settings);
        }
        return databaseDown;
    }

    private static LambdaResponse call(List<String> violations, OpenApiContract contract, String function, String method,
                                       String pathTemplate, HttpApiEvent event) {
        return check(violations, contract, method, pathTemplate, Functions.invoke(function, event));
    }

    private static LambdaResponse call(List<String> violations, OpenApiContract contract, FunctionInvoker invoker,
                                       String function, String method, String pathTemplate, HttpApiEvent event) {
        return check(violations, contract, method, pathTemplate, Functions.invoke(invoker, function, event.bytes()));
    }

    private static LambdaResponse check(List<String> violations, OpenApiContract contract, String method, String pathTemplate,
                                        LambdaResponse response) {
        violations.addAll(contract.violations(method, pathTemplate, response));
        return response;
    }

    private static LambdaResponse expect(int status, LambdaResponse response) {
        assertThat(response.status()).as(response.rawBody()).isEqualTo(status);
        return response;
    }
}

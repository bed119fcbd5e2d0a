package io.agentmemory.functions;

import io.agentmemory.functions.gateway.HttpApiEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.functions.http.JsonBodies;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.HttpEvents;
import io.agentmemory.functions.testing.LambdaResponse;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every documented error status through the real handler: problem+json, a useful detail, nothing internal. */
class ErrorStatusTest {

    private static final String ADD_BODY = "{\"messages\":[{\"role\":\"user\",\"content\":\"I prefer trains\"}]}";

    private static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    private static LambdaResponse addAs(String user, HttpApiEvent event) {
        return Functions.invoke(FunctionBeans.ADD, event.as(user));
    }

    private static void assertProblem(LambdaResponse response, int status) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        JsonNode problem = response.body();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).startsWith("urn:agent-memory:problem:");
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(response.rawBody()).doesNotContain("Exception", "\tat ", "io.agentmemory", "com.fasterxml");
    }

    @Test
    void malformedJsonIs400() {
        String user = newUser();
        LambdaResponse response = addAs(user, HttpEvents.post("/v1/users/" + user + "/memories", "{\"messages\": [oops"));
        assertProblem(response, 400);
        assertThat(response.body().path("detail").asText()).contains("not valid JSON");
    }

    @Test
    void wrongTypesUnknownFieldsAndMissingFieldsAre400NamingTheField() {
        String user = newUser();
        String path = "/v1/users/" + user + "/memories";
        LambdaResponse wrongType = addAs(user, HttpEvents.post(path, "{\"messages\":\"hello\"}"));
        assertProblem(wrongType, 400);
        assertThat(wrongType.body().path("errors").get(0).path("field").asText()).isEqualTo("messages");

        LambdaResponse unknown = addAs(user, HttpEvents.post(path, "{\"messages\":[],\"mesages\":[]}"));
        assertProblem(unknown, 400);
        assertThat(unknown.body().path("errors").get(0).path("field").asText()).isEqualTo("mesages");

        LambdaResponse missing = addAs(user, HttpEvents.post(path, "{}"));
        assertProblem(missing, 400);
        assertThat(missing.body().path("errors").get(0).path("field").asText()).isEqualTo("messages");

        LambdaResponse badName = addAs(user, HttpEvents.post(path,
                "{\"messages\":[{\"role\":\"assistant\",\"name\":\"\",\"content\":\"I start on Monday\"}]}"));
        assertProblem(badName, 400);
        assertThat(badName.body().path("errors").get(0).path("field").asText()).isEqualTo("messages[0].name");

        LambdaResponse nameAsNumber = addAs(user, HttpEvents.post(path,
                "{\"messages\":[{\"role\":\"assistant\",\"name\":7,\"content\":\"I start on Monday\"}]}"));
        assertProblem(nameAsNumber, 400);
        assertThat(nameAsNumber.body().path("errors").get(0).path("field").asText()).isEqualTo("messages[0].name");

        LambdaResponse limitAsString = Functions.invoke(FunctionBeans.SEARCH,
                HttpEvents.post(path + "/search", "{\"query\":\"x\",\"limit\":\"10\"}").as(user));
        assertProblem(limitAsString, 400);
        assertThat(limitAsString.body().path("errors").get(0).path("field").asText()).isEqualTo("limit");
    }

    @Test
    void badExpiriesCursorsAndNumbersThatWouldComeBackAlteredAre400NamingTheField() {
        String user = newUser();
        String path = "/v1/users/" + user + "/memories";
        for (String expiry : new String[]{"+300000-01-01T00:00:00Z", "2001-01-01T00:00:00Z"}) {
            LambdaResponse response = addAs(user, HttpEvents.post(path, "{\"infer\":false,\"expiresAt\":\"" + expiry
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Gate code 4471\"}]}"));
            assertProblem(response, 400);
            assertThat(response.body().path("errors").get(0).path("field").asText()).as(expiry).isEqualTo("expiresAt");
        }
        for (String number : new String[]{"1e400", "-1e400", "1e-400", "1.00000000000000000001"}) {
            LambdaResponse response = addAs(user, HttpEvents.post(path, "{\"infer\":false,\"metadata\":{\"score\":" + number
                    + "},\"messages\":[{\"role\":\"user\",\"content\":\"Gate code 4471\"}]}"));
            assertProblem(response, 400);
            assertThat(response.body().path("errors").get(0).path("field").asText()).as(number).isEqualTo("metadata.score");
        }
        LambdaResponse exact = addAs(user, HttpEvents.post(path, "{\"infer\":false,\"metadata\":{\"score\":0.1,\"big\":1e300,"
                + "\"count\":123456789012345678901234567890},\"messages\":[{\"role\":\"user\",\"content\":\"Gate code 4471\"}]}"));
        assertThat(exact.status()).isEqualTo(201);
        String id = exact.body().path("results").get(0).path("id").asText();
        JsonNode stored = Functions.invoke(FunctionBeans.MANAGE, HttpEvents.get(path + "/" + id).as(user)).body().path("metadata");
        assertThat(stored.path("score").asDouble()).isEqualTo(0.1);
        assertThat(stored.path("big").asDouble()).isEqualTo(1e300);
        assertThat(stored.path("count").bigIntegerValue()).isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
        for (String user2 : new String[]{".", ".."}) {
            LambdaResponse dots = Functions.invoke(FunctionBeans.BATCH_SEARCH, HttpEvents.post("/v1/memories/search/batch",
                    "{\"searches\":[{\"userId\":\"" + user2 + "\",\"query\":\"x\"}]}").as(user, "memory/admin"));
            assertThat(dots.rawBody()).as(user2).contains("must not be . or ..");
        }
        String crafted = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("9999999999999:0:" + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        LambdaResponse cursor = Functions.invoke(FunctionBeans.MANAGE, HttpEvents.get(path).query("cursor", crafted).as(user));
        assertProblem(cursor, 400);
        assertThat(cursor.body().path("errors").get(0).path("field").asText()).isEqualTo("cursor");
    }

    @Test
    void anUnknownMemoryIs404AndSoIsAnUnknownRoute() {
        String user = newUser();
        assertProblem(Functions.invoke(FunctionBeans.MANAGE,
                HttpEvents.get("/v1/users/" + user + "/memories/" + UUID.randomUUID()).as(user)), 404);
        assertProblem(Functions.invoke(FunctionBeans.MANAGE, HttpEvents.get("/v1/users/" + user + "/nothing-here").as(user)), 404);
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithAllow() {
        String user = newUser();
        LambdaResponse response = Functions.invoke(FunctionBeans.SEARCH,
                HttpEvents.get("/v1/users/" + user + "/memories/search").as(user));
        assertProblem(response, 405);
        assertThat(response.headers()).containsEntry("allow", "POST");
    }

    @Test
    void reusingAnIdempotencyKeyForAnotherBodyIs409() {
        String user = newUser();
        String path = "/v1/users/" + user + "/memories";
        assertThat(addAs(user, HttpEvents.post(path, ADD_BODY).header("idempotency-key", "k1")).status()).isEqualTo(201);
        assertProblem(addAs(user, HttpEvents.post(path, "{\"messages\":[{\"role\":\"user\",\"content\":\"I prefer planes\"}]}")
                .header("idempotency-key", "k1")), 409);
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String user = newUser();
        String huge = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(JsonBodies.MAX_BODY_BYTES) + "\"}]}";
        assertProblem(addAs(user, HttpEvents.post("/v1/users/" + user + "/memories", huge)), 413);
    }

    @Test
    void aNonJsonContentTypeIs415() {
        String user = newUser();
        assertProblem(addAs(user, HttpEvents.post("/v1/users/" + user + "/memories", ADD_BODY)
                .header("content-type", "application/x-www-form-urlencoded")), 415);
        assertProblem(addAs(user, HttpEvents.post("/v1/users/" + user + "/memories", ADD_BODY)
                .header("content-type", null)), 415);
    }

    @Test
    void aBase64BodyIsDecodedAndInvalidUtf8InItIs400() {
        String user = newUser();
        String path = "/v1/users/" + user + "/memories";
        assertThat(addAs(user, HttpEvents.request("POST", path).base64Body(ADD_BODY.getBytes(StandardCharsets.UTF_8))).status())
                .isEqualTo(201);
        byte[] invalidUtf8 = {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertProblem(addAs(user, HttpEvents.request("POST", path).base64Body(invalidUtf8)), 400);
    }

    @Test
    void withoutATokenIs401AndAnotherUsersTokenIs403() {
        String user = newUser();
        String path = "/v1/users/" + user + "/memories";
        LambdaResponse anonymous = Functions.invoke(FunctionBeans.ADD, HttpEvents.post(path, ADD_BODY));
        assertProblem(anonymous, 401);
        assertProblem(Functions.invoke(FunctionBeans.ADD, HttpEvents.post(path, ADD_BODY).as("someone-else")), 403);
        assertProblem(Functions.invoke(FunctionBeans.MANAGE, HttpEvents.get(path).as("someone-else")), 403);
        assertThat(Functions.invoke(FunctionBeans.MANAGE, HttpEvents.get(path).as("operator", "memory/admin")).status())
                .isEqualTo(200);
    }

    @Test
    void batchSearchAcrossUsersNeedsTheAdminScope() {
        String a = newUser();
        String b = newUser();
        String body = "{\"searches\":[{\"userId\":\"" + a + "\",\"query\":\"x\"},{\"userId\":\"" + b + "\",\"query\":\"y\"}]}";
        assertProblem(Functions.invoke(FunctionBeans.BATCH_SEARCH, HttpEvents.post("/v1/memories/search/batch", body).as(a)), 403);
        assertThat(Functions.invoke(FunctionBeans.BATCH_SEARCH,
                HttpEvents.post("/v1/memories/search/batch", body).as("operator", "memory/admin")).status()).isEqualTo(200);
    }

    @Test
    void anUnreachableDatabaseIs503WithRetryAfterWithinTheBudget() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> settings = Functions.testEnvironment();
        settings.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:" + closedPort + "/nowhere");
        settings.put("DB_CONNECT_TIMEOUT_MS", "500");
        FunctionInvoker down = Functions.start(FunctionBeans.SEARCH, settings);
        String user = newUser();
        long started = System.nanoTime();
        LambdaResponse response = Functions.invoke(down, FunctionBeans.SEARCH,
                HttpEvents.post("/v1/users/" + user + "/memories/search", "{\"query\":\"trains\"}").as(user).bytes());
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertProblem(response, 503);
        assertThat(response.headers()).containsKey("retry-after");
        assertThat(tookMillis).as("answers within the function's budget, not at the Lambda timeout").isLessThan(15_000);
    }

    @Test
    void anEventThatIsNotJsonIs400NotAnInvocationError() {
        assertProblem(Functions.invoke(FunctionBeans.SEARCH, "[1,2,3]".getBytes(StandardCharsets.UTF_8)), 400);
        assertProblem(Functions.invoke(FunctionBeans.SEARCH, "not json at all".getBytes(StandardCharsets.UTF_8)), 400);
        assertProblem(Functions.invoke(FunctionBeans.SEARCH, "{\"headers\":\"x\"}".getBytes(StandardCharsets.UTF_8)), 400);
    }
}

package io.agentmemory.functions.hostile;

import io.agentmemory.functions.gateway.HttpApiEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.engine.reliability.OwnPostgres;
import io.agentmemory.engine.testing.OwnRedis;
import io.agentmemory.functions.FunctionBeans;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.HttpEvents;
import io.agentmemory.functions.testing.LambdaResponse;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outages seen from the caller's side, through the real handlers. Database stopped or hung (a PostgreSQL cluster this
 * test owns): 503 problem+json with Retry-After, answered within the function's budget rather than at the Lambda
 * timeout, and service resumes in the same environments once the database is back. Cache killed (a redis-server this
 * test owns): every function still answers correctly, and nothing stale is served once the cache returns.
 */
class OutagesThroughTheHandlersTest {

    /** The deadline the test harness gives every invocation (LambdaContext), i.e. the Lambda timeout. */
    private static final long LAMBDA_TIMEOUT_MS = 15_000;

    private record Timed(LambdaResponse response, long millis) {
    }

    private static Timed timed(FunctionInvoker invoker, String function, HttpApiEvent event) {
        long started = System.nanoTime();
        LambdaResponse response = Functions.invoke(invoker, function, event.bytes());
        return new Timed(response, (System.nanoTime() - started) / 1_000_000);
    }

    private static void assertUnavailable(Timed call, String what) {
        assertThat(call.response().status()).as("%s: %s", what, call.response().rawBody()).isEqualTo(503);
        assertThat(call.response().contentType()).isEqualTo("application/problem+json");
        assertThat(call.response().headers()).containsKey("retry-after");
        assertThat(call.response().rawBody()).doesNotContain("Exception", "postgres", "127.0.0.1");
        assertThat(call.millis()).as("%s answered before the Lambda timeout", what).isLessThan(LAMBDA_TIMEOUT_MS - 2_000);
    }

    @Test
    void withTheDatabaseDownFunctionsAnswer503WithRetryAfterInTimeAndResumeWhenItIsBack() throws Exception {
        Assumptions.assumeTrue(OwnPostgres.available(), "PostgreSQL server binaries (initdb, pg_ctl) are not installed");
        try (OwnPostgres database = OwnPostgres.start(20)) {
            Map<String, String> settings = Functions.testEnvironment();
            settings.put("DATABASE_URL", database.url().toUrl());
            settings.put("CLIENT_NAME", "outage-db");
            // The function's database budget: acquire (1 s) + statement (2 s); the defaults (2 s + 5 s) behave alike, slower.
            settings.put("DB_ACQUIRE_TIMEOUT_MS", "1000");
            settings.put("DB_STATEMENT_TIMEOUT_MS", "2000");
            FunctionInvoker add = Functions.start(FunctionBeans.ADD, settings);
            FunctionInvoker search = Functions.start(FunctionBeans.SEARCH, settings);
            FunctionInvoker manage = Functions.start(FunctionBeans.MANAGE, settings);
            String user = "user-" + UUID.randomUUID();
            String path = Api.memories(user);
            assertThat(Functions.invoke(add, FunctionBeans.ADD, HttpEvents.post(path,
                    "{\"infer\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Prefers window seats\"}]}").as(user).bytes()).status())
                    .isEqualTo(201);

            database.stop();
            Timed searchStopped = timed(search, FunctionBeans.SEARCH, HttpEvents.post(path + "/search", "{\"query\":\"which seat, stopped\"}").as(user));
            Timed addStopped = timed(add, FunctionBeans.ADD, HttpEvents.post(path,
                    "{\"infer\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Is vegetarian\"}]}").as(user));
            Timed listStopped = timed(manage, FunctionBeans.MANAGE, HttpEvents.get(path).as(user));
            assertUnavailable(searchStopped, "search, database stopped");
            assertUnavailable(addStopped, "add, database stopped");
            assertUnavailable(listStopped, "list, database stopped");

            database.start();
            Timed searchBack = timed(search, FunctionBeans.SEARCH, HttpEvents.post(path + "/search", "{\"query\":\"which seat, back\"}").as(user));
            assertThat(searchBack.response().status()).as("the first search after the restart").isEqualTo(200);
            assertThat(searchBack.response().body().path("results").findValuesAsText("memory")).containsExactly("Prefers window seats");
            assertThat(Functions.invoke(manage, FunctionBeans.MANAGE, HttpEvents.get(path).as(user).bytes()).body().path("memories"))
                    .as("the add answered 503 wrote nothing").hasSize(1);

            database.freeze();
            Timed searchHung;
            try {
                searchHung = timed(search, FunctionBeans.SEARCH, HttpEvents.post(path + "/search", "{\"query\":\"which seat, hung\"}").as(user));
            } finally {
                database.thaw();
            }
            assertUnavailable(searchHung, "search, database hung");
            Timed searchThawed = timed(search, FunctionBeans.SEARCH, HttpEvents.post(path + "/search", "{\"query\":\"which seat, thawed\"}").as(user));
            assertThat(searchThawed.response().status()).as("the first search after the thaw").isEqualTo(200);
            System.out.printf("[outage-db] database stopped: 503 + Retry-After %s s after search %d ms, add %d ms, list %d ms; "
                            + "restarted: first search 200 in %d ms; hung: 503 after %d ms; thawed: first search 200 in %d ms "
                            + "(Lambda timeout %d ms)%n", searchStopped.response().headers().get("retry-after"), searchStopped.millis(),
                    addStopped.millis(), listStopped.millis(), searchBack.millis(), searchHung.millis(), searchThawed.millis(), LAMBDA_TIMEOUT_MS);
        }
    }

    @Test
    void withTheCacheKilledEveryFunctionAnswersCorrectlyAndNothingStaleComesBack() throws Exception {
        Assumptions.assumeTrue(OwnRedis.available(), "redis-server is not installed");
        try (OwnRedis redis = new OwnRedis()) {
            Map<String, String> settings = Functions.testEnvironment();
            settings.put("REDIS_URL", redis.url());
            settings.put("CACHE_BREAKER_OPEN_MS", "500");
            settings.put("CLIENT_NAME", "outage-cache");
            Map<String, FunctionInvoker> env = new LinkedHashMap<>();
            for (String function : List.of(FunctionBeans.ADD, FunctionBeans.SEARCH, FunctionBeans.BATCH_SEARCH,
                    FunctionBeans.INVALIDATE, FunctionBeans.MANAGE, FunctionBeans.CONTEXT)) {
                env.put(function, Functions.start(function, settings));
            }
            String user = "user-" + UUID.randomUUID();
            String path = Api.memories(user);
            String searchBody = "{\"query\":\"travel preferences\",\"limit\":20}";
            JsonNode first = call(env, FunctionBeans.ADD, HttpEvents.post(path, "{\"infer\":false,\"messages\":["
                    + "{\"role\":\"user\",\"content\":\"Prefers window seats\"},{\"role\":\"user\",\"content\":\"Is vegetarian\"}]}").as(user), 201);
            String seatId = first.path("results").get(0).path("id").asText();
            String dietId = first.path("results").get(1).path("id").asText();
            call(env, FunctionBeans.SEARCH, HttpEvents.post(path + "/search", searchBody).as(user), 200);
            assertThat(call(env, FunctionBeans.SEARCH, HttpEvents.post(path + "/search", searchBody).as(user), 200)
                    .path("cached").asBoolean()).as("cached before the outage").isTrue();

            redis.kill();
            int answered = 0;
            call(env, FunctionBeans.ADD, HttpEvents.post(path, "{\"infer\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Travels with a dog\"}]}").as(user), 201);
            call(env, FunctionBeans.MANAGE, HttpEvents.request("PUT", path + "/" + seatId).body("{\"memory\":\"Prefers aisle seats\"}").as(user), 200);
            call(env, FunctionBeans.MANAGE, HttpEvents.request("DELETE", path + "/" + dietId).as(user), 204);
            JsonNode during = call(env, FunctionBeans.SEARCH, HttpEvents.post(path + "/search", searchBody).as(user), 200);
            assertThat(during.path("results").findValuesAsText("memory")).containsExactlyInAnyOrder("Prefers aisle seats", "Travels with a dog");
            JsonNode batch = call(env, FunctionBeans.BATCH_SEARCH, HttpEvents.post("/v1/memories/search/batch",
                    "{\"searches\":[{\"userId\":\"" + user + "\",\"query\":\"pets\"}]}").as(user), 200);
            assertThat(batch.path("results").get(0).path("results").findValuesAsText("memory")).contains("Travels with a dog");
            assertThat(call(env, FunctionBeans.MANAGE, HttpEvents.get(path).as(user), 200).path("memories")).hasSize(2);
            assertThat(call(env, FunctionBeans.MANAGE, HttpEvents.get(path + "/" + seatId).as(user), 200).path("memory").asText())
                    .isEqualTo("Prefers aisle seats");
            assertThat(call(env, FunctionBeans.MANAGE, HttpEvents.get(path + "/" + seatId + "/history").as(user), 200)
                    .path("history").findValuesAsText("event")).containsExactly("ADD", "UPDATE");
            call(env, FunctionBeans.INVALIDATE, HttpEvents.post("/v1/users/" + user + "/cache/invalidate", null).as(user), 200);
            assertThat(call(env, FunctionBeans.CONTEXT, HttpEvents.get("/v1/users/" + user + "/context").as(user), 200)
                    .path("memoryCount").asInt()).isEqualTo(2);
            call(env, FunctionBeans.CONTEXT, HttpEvents.request("PUT", "/v1/users/" + user + "/preferences")
                    .body("{\"preferences\":{\"travelStyle\":\"slow\"}}").as(user), 200);
            answered += 11;

            redis.start(); // a fresh, empty cache
            Thread.sleep(700); // the breaker's open period
            for (int i = 0; i < 3; i++) {
                JsonNode after = call(env, FunctionBeans.SEARCH, HttpEvents.post(path + "/search", searchBody).as(user), 200);
                assertThat(after.path("results").findValuesAsText("memory")).as("search %d after the cache returned", i)
                        .containsExactlyInAnyOrder("Prefers aisle seats", "Travels with a dog", "Travel style: slow")
                        .doesNotContain("Prefers window seats", "Is vegetarian");
            }
            System.out.printf("[outage-cache] redis killed: %d calls over all %d functions answered correctly from the database; "
                    + "after it returned, searches current (nothing from before the outage)%n", answered, env.size());
        }
    }

    private static JsonNode call(Map<String, FunctionInvoker> env, String function, HttpApiEvent event, int status) {
        LambdaResponse response = Functions.invoke(env.get(function), function, event.bytes());
        assertThat(response.status()).as("%s: %s", function, response.rawBody()).isEqualTo(status);
        return response.body();
    }
}

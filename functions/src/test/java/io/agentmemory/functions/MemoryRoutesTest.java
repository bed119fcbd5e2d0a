package io.agentmemory.functions;

import io.agentmemory.functions.gateway.HttpApiEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.HttpEvents;
import io.agentmemory.functions.testing.LambdaResponse;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every route through the real FunctionInvoker with API Gateway v2 events, against PostgreSQL and Redis. */
class MemoryRoutesTest {

    private static final String CONVERSATION = "{\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"Hi! I'm vegetarian, I prefer window seats and my budget is about 2,000 EUR.\"}]}";

    private static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    private static LambdaResponse add(String user, String body) {
        return Functions.invoke(FunctionBeans.ADD, HttpEvents.post("/v1/users/" + user + "/memories", body).as(user));
    }

    private static LambdaResponse search(String user, String body) {
        return Functions.invoke(FunctionBeans.SEARCH, HttpEvents.post("/v1/users/" + user + "/memories/search", body).as(user));
    }

    @Test
    void addReturns201WithOneResultPerDurableFact() {
        String user = newUser();
        LambdaResponse response = add(user, CONVERSATION);
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.contentType()).isEqualTo("application/json");
        JsonNode results = response.body().path("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).path("event").asText()).isEqualTo("ADD");
        assertThat(results.get(0).path("id").asText()).hasSize(36);
        assertThat(results.get(0).has("previousMemory")).isFalse();
        assertThat(response.raw().path("isBase64Encoded").asBoolean(true)).isFalse();
    }

    @Test
    void aNamedPersonsNewsIsStoredUnderTheirNameAndAnAiAssistantsWordsAreNot() {
        String user = newUser();
        LambdaResponse response = add(user, "{\"messages\":["
                + "{\"role\":\"assistant\",\"name\":\"Leo\",\"content\":\"I work at the bakery on Elm Street.\"},"
                + "{\"role\":\"assistant\",\"content\":\"I moved your booking to Monday.\"},"
                + "{\"role\":\"user\",\"content\":\"I'm vegetarian.\"}]}");
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.body().path("results").findValuesAsText("memory"))
                .containsExactly("Leo works at the bakery on Elm Street", "Is vegetarian");
    }

    @Test
    void searchFindsTheMemoryAndTheRepeatIsServedFromTheCache() {
        String user = newUser();
        add(user, CONVERSATION);
        LambdaResponse first = search(user, "{\"query\":\"which seat does the traveller like?\",\"limit\":2}");
        assertThat(first.status()).isEqualTo(200);
        JsonNode hits = first.body().path("results");
        assertThat(hits).hasSize(2);
        assertThat(hits.get(0).path("memory").asText()).isEqualTo("Prefers window seats");
        assertThat(hits.get(0).path("score").asDouble()).isBetween(0.0, 1.0);
        assertThat(hits.get(0).has("createdAt")).isTrue();
        assertThat(first.body().path("cached").asBoolean()).isFalse();
        LambdaResponse again = search(user, "{\"query\":\"which seat does the traveller like?\",\"limit\":2}");
        assertThat(again.body().path("cached").asBoolean()).isTrue();
        assertThat(again.body().path("results")).isEqualTo(hits);
    }

    @Test
    void anAddAfterASearchIsVisibleToTheNextSearch() {
        String user = newUser();
        add(user, CONVERSATION);
        search(user, "{\"query\":\"food\"}");
        add(user, "{\"messages\":[{\"role\":\"user\",\"content\":\"I am allergic to peanuts.\"}]}");
        LambdaResponse after = search(user, "{\"query\":\"food\"}");
        assertThat(after.body().path("cached").asBoolean()).isFalse();
        assertThat(after.body().path("results").findValuesAsText("memory")).contains("Is allergic to peanuts");
    }

    @Test
    void batchSearchAnswersPerQueryInInputOrderWithErrorsInPlace() {
        String user = newUser();
        add(user, CONVERSATION);
        String body = "{\"searches\":[{\"userId\":\"" + user + "\",\"query\":\"budget\",\"limit\":1},"
                + "{\"userId\":\"" + user + "\",\"query\":\"\"},"
                + "{\"userId\":\"" + user + "\",\"query\":\"diet\",\"limit\":1}]}";
        LambdaResponse response = Functions.invoke(FunctionBeans.BATCH_SEARCH,
                HttpEvents.post("/v1/memories/search/batch", body).as(user));
        assertThat(response.status()).isEqualTo(200);
        JsonNode results = response.body().path("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).path("results").get(0).path("memory").asText()).isEqualTo("Budget is about 2,000 EUR");
        assertThat(results.get(1).path("error").path("status").asInt()).isEqualTo(400);
        assertThat(results.get(1).path("error").path("errors").get(0).path("field").asText()).contains("query");
        assertThat(results.get(2).path("results").get(0).path("memory").asText()).isEqualTo("Is vegetarian");
    }

    @Test
    void invalidateAnswersOnlyAfterTheCacheIsInvalidated() {
        String user = newUser();
        add(user, CONVERSATION);
        search(user, "{\"query\":\"budget\"}");
        LambdaResponse response = Functions.invoke(FunctionBeans.INVALIDATE,
                HttpEvents.post("/v1/users/" + user + "/cache/invalidate", null).as(user));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("userId").asText()).isEqualTo(user);
        assertThat(response.body().path("invalidated").asBoolean()).isTrue();
        assertThat(search(user, "{\"query\":\"budget\"}").body().path("cached").asBoolean()).isFalse();
    }

    @Test
    void theScheduledEventRunsTheSweepAndReturnsItsCounts() throws InterruptedException {
        String user = newUser();
        add(user, "{\"messages\":[{\"role\":\"user\",\"content\":\"Staying at Hotel Artemide\"}],\"infer\":false,"
                + "\"expiresAt\":\"" + java.time.Instant.now().plusMillis(700) + "\"}");
        Thread.sleep(1_000); // an expiry must be in the future when it is set
        String scheduled = "{\"version\":\"0\",\"id\":\"" + UUID.randomUUID() + "\",\"detail-type\":\"Scheduled Event\","
                + "\"source\":\"aws.events\",\"account\":\"123456789012\",\"time\":\"2026-11-25T12:00:00Z\","
                + "\"region\":\"eu-west-1\",\"resources\":[\"arn:aws:events:eu-west-1:123456789012:rule/sweep\"],\"detail\":{}}";
        LambdaResponse response = Functions.invoke(FunctionBeans.INVALIDATE, scheduled.getBytes());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("expiredMemories").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void listGetUpdateHistoryDeleteAndEraseAUser() {
        String user = newUser();
        JsonNode added = add(user, CONVERSATION).body().path("results");
        String base = "/v1/users/" + user + "/memories";

        LambdaResponse page = Functions.invoke(FunctionBeans.MANAGE, HttpEvents.get(base).query("limit", "2").as(user));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().path("memories")).hasSize(2);
        String cursor = page.body().path("nextCursor").asText();
        LambdaResponse rest = Functions.invoke(FunctionBeans.MANAGE, HttpEvents.get(base).query("limit", "2").query("cursor", cursor).as(user));
        assertThat(rest.body().path("memories")).hasSize(1);
        assertThat(rest.body().has("nextCursor")).isFalse();

        String id = added.get(1).path("id").asText();
        LambdaResponse one = Functions.invoke(FunctionBeans.MANAGE, HttpEvents.get(base + "/" + id).as(user));
        assertThat(one.body().path("memory").asText()).isEqualTo("Prefers window seats");

        LambdaResponse updated = Functions.invoke(FunctionBeans.MANAGE, HttpEvents.request("PUT", base + "/" + id)
                .body("{\"memory\":\"Prefers aisle seats\",\"categories\":[\"flights\"]}").as(user));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().path("memory").asText()).isEqualTo("Prefers aisle seats");
        assertThat(updated.body().path("categories").get(0).asText()).isEqualTo("flights");

        LambdaResponse history = Functions.invoke(FunctionBeans.MANAGE, HttpEvents.get(base + "/" + id + "/history").as(user));
        assertThat(history.body().path("history").findValuesAsText("event")).containsExactly("ADD", "UPDATE");

        LambdaResponse deleted = Functions.invoke(FunctionBeans.MANAGE, HttpEvents.request("DELETE", base + "/" + id).as(user));
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.rawBody()).isNull();
        assertThat(Functions.invoke(FunctionBeans.MANAGE, HttpEvents.get(base + "/" + id).as(user)).status()).isEqualTo(404);

        LambdaResponse erased = Functions.invoke(FunctionBeans.MANAGE, HttpEvents.request("DELETE", base).as(user));
        assertThat(erased.status()).isEqualTo(200);
        assertThat(erased.body().path("memories").asLong()).isEqualTo(2);
        assertThat(Functions.invoke(FunctionBeans.MANAGE, HttpEvents.get(base).as(user)).body().path("memories")).isEmpty();
    }

    @Test
    void aRetriedAddWithTheSameIdempotencyKeyIsReplayed() {
        String user = newUser();
        HttpApiEvent event = HttpEvents.post("/v1/users/" + user + "/memories", CONVERSATION).header("idempotency-key", "turn-7").as(user);
        LambdaResponse first = Functions.invoke(FunctionBeans.ADD, event);
        LambdaResponse retry = Functions.invoke(FunctionBeans.ADD, event);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.headers()).containsEntry("idempotent-replayed", "true");
        assertThat(retry.body()).isEqualTo(first.body());
    }

    @Test
    void searchTakesAModeAndRejectsAnUnknownOne() {
        String user = newUser();
        add(user, "{\"messages\":[{\"role\":\"user\",\"content\":\"Booked flight LH1234 to Tokyo\"}],\"infer\":false}");
        LambdaResponse keyword = search(user, "{\"query\":\"LH1234\",\"mode\":\"keyword\"}");
        assertThat(keyword.status()).isEqualTo(200);
        assertThat(keyword.body().path("results").get(0).path("memory").asText()).isEqualTo("Booked flight LH1234 to Tokyo");
        assertThat(search(user, "{\"query\":\"LH1234\",\"mode\":\"hybrid\"}").status()).isEqualTo(200);
        LambdaResponse unknown = search(user, "{\"query\":\"LH1234\",\"mode\":\"fuzzy\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("errors").get(0).path("field").asText()).isEqualTo("mode");
    }
}

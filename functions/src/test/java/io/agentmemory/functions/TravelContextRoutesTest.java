package io.agentmemory.functions;

import io.agentmemory.functions.gateway.HttpApiEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.HttpEvents;
import io.agentmemory.functions.testing.LambdaResponse;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The planner's context and preference routes through the real handler. */
class TravelContextRoutesTest {

    private static LambdaResponse context(String user, String type) {
        HttpApiEvent event = HttpEvents.get("/v1/users/" + user + "/context").as(user);
        return Functions.invoke(FunctionBeans.CONTEXT, type == null ? event : event.query("type", type));
    }

    private static LambdaResponse putPreferences(String user, String body) {
        return Functions.invoke(FunctionBeans.CONTEXT, HttpEvents.request("PUT", "/v1/users/" + user + "/preferences")
                .body(body).as(user));
    }

    @Test
    void aNewUserGetsEmptyGroupsAndTheNewUserSummary() {
        String user = "user-" + UUID.randomUUID();
        LambdaResponse response = context(user, null);
        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.body();
        for (String group : new String[]{"preferences", "pastTrips", "savedDestinations", "budgetPatterns", "travelStyle",
                "dietaryRestrictions", "accommodationPreferences", "activityPreferences"}) {
            assertThat(body.path(group).isArray()).as(group).isTrue();
            assertThat(body.path(group)).as(group).isEmpty();
        }
        assertThat(body.path("insights").path("budgetRange").asText()).isEqualTo("no budget data");
        assertThat(body.path("summary").asText()).isEqualTo("New user with limited travel history");
    }

    @Test
    void preferencesShowUpInTheContextAndAChangedBudgetUpdatesInPlace() {
        String user = "user-" + UUID.randomUUID();
        LambdaResponse first = putPreferences(user, "{\"preferences\":{\"destinations\":[\"Japan\"],\"travelStyle\":\"family\","
                + "\"budget\":{\"min\":2000,\"max\":3000,\"currency\":\"USD\"},\"activities\":[\"hiking\",\"museums\"]}}");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("results").findValuesAsText("event")).containsOnly("ADD");
        LambdaResponse changed = putPreferences(user, "{\"preferences\":{\"budget\":{\"min\":3000,\"max\":4000,\"currency\":\"USD\"}}}");
        assertThat(changed.body().path("results").get(0).path("event").asText()).isEqualTo("UPDATE");

        JsonNode context = context(user, null).body();
        assertThat(context.path("budgetPatterns")).hasSize(1);
        assertThat(context.path("budgetPatterns").get(0).path("memory").asText()).isEqualTo("Budget is 3,000 to 4,000 USD");
        assertThat(context.path("insights").path("primaryTravelStyle").asText()).isEqualTo("family");
        assertThat(context.path("summary").asText()).contains("Japan").contains("Travel style: family").contains("hiking");

        JsonNode budgetOnly = context(user, "budgetPatterns").body();
        assertThat(budgetOnly.path("budgetPatterns")).hasSize(1);
        assertThat(budgetOnly.path("activityPreferences")).isEmpty();
    }

    @Test
    void emptyPreferencesAndAnUnknownTypeAre400() {
        String user = "user-" + UUID.randomUUID();
        LambdaResponse empty = putPreferences(user, "{\"preferences\":{}}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.contentType()).isEqualTo("application/problem+json");
        assertThat(putPreferences(user, "{}").status()).isEqualTo(400);
        assertThat(context(user, "hobbies").status()).isEqualTo(400);
    }

    @Test
    void searchHitsCarryTheTravelFlags() {
        String user = "user-" + UUID.randomUUID();
        Functions.invoke(FunctionBeans.ADD, HttpEvents.post("/v1/users/" + user + "/memories",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Staying at Hotel Artemide in Rome for 180 EUR a night\"}],\"infer\":false}").as(user));
        JsonNode hit = Functions.invoke(FunctionBeans.SEARCH, HttpEvents.post("/v1/users/" + user + "/memories/search",
                "{\"query\":\"hotel in Rome\"}").as(user)).body().path("results").get(0);
        assertThat(hit.path("hasLocation").asBoolean()).as(hit.toString()).isTrue();
        assertThat(hit.path("hasBudget").asBoolean()).isTrue();
        assertThat(hit.path("hasAccommodation").asBoolean()).isTrue();
    }
}

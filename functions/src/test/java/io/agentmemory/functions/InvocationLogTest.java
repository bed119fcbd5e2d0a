package io.agentmemory.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.HttpEvents;
import io.agentmemory.functions.testing.MetricLogLines;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invocation's log line (Embedded Metric Format on stdout, as Lambda writes it) says where the time went:
 * cache, model and database for a search that missed the cache, the cache alone for one that hit it.
 */
class InvocationLogTest {

    @Test
    void eachLineSplitsTheEngineTimeIntoCacheModelAndDatabase() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String search = "/v1/users/" + user + "/memories/search";
        List<JsonNode> lines = logLinesOf(() -> {
            assertThat(Functions.invoke(FunctionBeans.ADD, HttpEvents.post("/v1/users/" + user + "/memories",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"I am vegetarian and I prefer window seats.\"}]}").as(user))
                    .status()).isEqualTo(201);
            // The environment keeps its copy of the answer as it sends the cache fill, after the answer; its next
            // look-up of the shared cache waits for that fill, so after another question the copy is surely held.
            for (String query : List.of("where do I sit?", "what do I eat?", "where do I sit?")) {
                assertThat(Functions.invoke(FunctionBeans.SEARCH, HttpEvents.post(search, "{\"query\":\"" + query + "\"}").as(user))
                        .status()).isEqualTo(200);
            }
        });

        assertThat(lines).hasSize(4);
        JsonNode add = lines.get(0);
        JsonNode miss = lines.get(1);
        JsonNode hit = lines.get(3);
        assertThat(add.path("route").asText()).isEqualTo("POST /v1/users/{userId}/memories");
        for (JsonNode line : List.of(add, miss)) {
            for (String stage : List.of("embeddingMs", "databaseMs")) {
                assertThat(line.path(stage).asDouble()).as("%s of %s", stage, line.path("route")).isPositive();
                assertThat(line.path(stage).asDouble()).isLessThanOrEqualTo(line.path("durationMs").asDouble());
            }
        }
        assertThat(add.has("cacheMs")).as("a write has nothing to tell the cache: the revision is in the database").isFalse();
        assertThat(miss.path("cacheMs").asDouble()).isPositive();
        assertThat(miss.path("cacheHit").asBoolean()).isFalse();
        assertThat(hit.path("cacheHit").asBoolean()).isTrue();
        assertThat(hit.has("cacheMs")).as("the environment that answered keeps its own copy: no shared cache read").isFalse();
        assertThat(hit.has("embeddingMs")).as("a hit runs no model").isFalse();
        assertThat(hit.path("databaseMs").asDouble()).as("a hit reads the user's revision").isPositive();
        for (JsonNode line : lines) {
            // The handler's own time each side of the engine: event to engine call, engine answer to response written.
            assertThat(line.path("eventToEngineMs").isNumber()).as("eventToEngineMs of %s", line.path("route")).isTrue();
            assertThat(line.path("engineToResponseMs").isNumber()).as("engineToResponseMs of %s", line.path("route")).isTrue();
            assertThat(line.path("eventToEngineMs").asDouble() + line.path("engineToResponseMs").asDouble())
                    .isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(line.path("durationMs").asDouble() + 1);
        }
    }

    /** The invocation log lines the work printed, in order (the warm environments' start-up is done before). */
    private static List<JsonNode> logLinesOf(Runnable work) throws Exception {
        Functions.invoke(FunctionBeans.ADD, "[]".getBytes(StandardCharsets.UTF_8));
        Functions.invoke(FunctionBeans.SEARCH, "[]".getBytes(StandardCharsets.UTF_8));
        return MetricLogLines.printedDuring(work);
    }
}

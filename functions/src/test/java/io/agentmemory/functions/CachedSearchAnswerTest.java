package io.agentmemory.functions;

import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.HttpEvents;
import io.agentmemory.functions.testing.LambdaResponse;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cached search result is answered with the hits as the cache stored them, written out as they are: the same
 * bytes the search that computed them answered, and the API's form (no absent field written as null).
 */
class CachedSearchAnswerTest {

    @Test
    void aCacheHitAnswersTheSameBytesAsTheSearchThatFilledIt() {
        String user = "user-" + UUID.randomUUID();
        LambdaResponse added = Functions.invoke(FunctionBeans.ADD, HttpEvents.post("/v1/users/" + user + "/memories",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"I prefer window seats on long flights.\"},"
                        + "{\"role\":\"user\",\"content\":\"Yesterday I booked a hostel in Lisbon for 40 EUR a night.\"}],"
                        + "\"infer\":false,\"metadata\":{\"trip\":\"lisbon\",\"nights\":3,\"rate\":40.5},\"categories\":[\"travel\"]}")
                .as(user));
        assertThat(added.status()).isEqualTo(201);
        String search = "{\"query\":\"where do I like to sit and stay?\",\"limit\":5}";

        LambdaResponse miss = Functions.invoke(FunctionBeans.SEARCH, HttpEvents.post("/v1/users/" + user + "/memories/search", search).as(user));
        LambdaResponse hit = Functions.invoke(FunctionBeans.SEARCH, HttpEvents.post("/v1/users/" + user + "/memories/search", search).as(user));

        assertThat(miss.status()).isEqualTo(200);
        assertThat(hit.status()).isEqualTo(200);
        assertThat(miss.body().path("cached").asBoolean()).isFalse();
        assertThat(hit.body().path("cached").asBoolean()).isTrue();
        assertThat(miss.body().path("results").size()).isEqualTo(2);
        assertThat(hit.rawBody()).isEqualTo(miss.rawBody().replace("\"cached\":false", "\"cached\":true"));
        assertThat(hit.rawBody()).doesNotContain("null");
        assertThat(hit.body().path("results").get(0).path("metadata").path("rate").decimalValue()).isEqualByComparingTo("40.5");
    }
}

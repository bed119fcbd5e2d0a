package io.agentmemory.functions.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.engine.cache.CacheKeys;
import io.agentmemory.engine.reliability.Sql;
import io.agentmemory.functions.FunctionBeans;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.HttpEvents;
import io.agentmemory.functions.testing.LambdaResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Right to be forgotten: {@code DELETE /v1/users/{userId}/memories} removes every row of the user in every table that
 * can hold one (memories, memory_history, idempotency_keys, user_revisions — see the migrations) and
 * every cache key of the user (their hash tag), checked directly in PostgreSQL and Redis; another user keeps everything.
 */
class RightToBeForgottenTest {

    @Test
    void deletingAUserRemovesEveryRowInEveryTableAndEveryCacheEntry() throws Exception {
        String user = "forget-" + UUID.randomUUID();
        String other = "keep-" + UUID.randomUUID();
        List<String> queries = List.of("where does the traveller like to sit", "food preferences", "budget");

        // A user with everything: memories, history (ADD, UPDATE, DELETE), idempotency records, cached searches and
        // context, and the revision its writes raised.
        JsonNode added = Api.add(user, user, Map.of("messages", List.of(Map.of("role", "user",
                "content", "I'm vegetarian, I prefer window seats and my budget is about 2,000 EUR.")))).body().path("results");
        assertThat(added).hasSize(3);
        String first = added.get(0).path("id").asText();
        String second = added.get(1).path("id").asText();
        assertThat(Api.update(user, user, first, Map.of("memory", "Is vegan")).status()).isEqualTo(200);
        assertThat(Api.delete(user, user, second).status()).isEqualTo(204);
        assertThat(Functions.invoke(FunctionBeans.ADD, HttpEvents.post(Api.memories(user),
                        "{\"infer\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Flight LH1234 on the 5th of May\"}]}")
                .header("idempotency-key", "turn-1").as(user)).status()).isEqualTo(201);
        for (String query : queries) {
            assertThat(Api.search(user, user, Map.of("query", query)).status()).isEqualTo(200);
        }
        assertThat(Api.context(user, user).status()).isEqualTo(200);

        Api.addVerbatim(other, other, "Keeps a window seat");
        Api.search(other, other, Map.of("query", "seat"));
        Map<String, Long> otherRowsBefore = Sql.userRows(other);
        List<String> otherKeysBefore = CacheContents.keysOf(other);

        Map<String, Long> before = Sql.userRows(user);
        List<String> keysBefore = CacheContents.keysOf(user);
        System.out.printf("[forget] before: rows %s, %d cache keys under the user's tag%n", before, keysBefore.size());
        assertThat(before).allSatisfy((table, rows) -> assertThat(rows).as("the user has rows in %s", table).isPositive());
        assertThat(keysBefore).hasSizeGreaterThanOrEqualTo(2);

        LambdaResponse erased = Api.deleteAll(user, user);
        assertThat(erased.status()).isEqualTo(200);
        System.out.println("[forget] DELETE /v1/users/{userId}/memories answered " + erased.rawBody());

        Map<String, Long> after = Sql.userRows(user);
        List<String> keysAfter = CacheContents.keysOf(user);
        long embeddings = queries.stream().filter(q -> CacheContents.allKeys().stream()
                .anyMatch(k -> k.startsWith("e:") && k.endsWith(":" + CacheKeys.hash(q)))).count();
        System.out.printf("[forget] after: rows %s, cache keys under the user's tag %s; query embeddings still cached "
                + "(keyed by the hash of the query text, shared by all users, never by user): %d of %d%n",
                after, keysAfter, embeddings, queries.size());
        assertThat(after).as("rows left in each table").allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
        assertThat(keysAfter).as("cache keys left").isEmpty();
        assertThat(Sql.count("SELECT count(*) FROM memory_history WHERE memory_id IN (?::uuid, ?::uuid)", first, second)).isZero();

        // Through the API too: nothing comes back, from the cache or the database.
        for (String query : queries) {
            assertThat(Api.search(user, user, Map.of("query", query)).body().path("results")).isEmpty();
        }
        assertThat(Api.list(user, user).body().path("memories")).isEmpty();
        assertThat(Api.get(user, user, first).status()).isEqualTo(404);
        assertThat(Api.history(user, user, first).status()).isEqualTo(404);
        assertThat(Api.context(user, user).body().path("memoryCount").asInt()).isZero();

        // The other user keeps everything.
        assertThat(Sql.userRows(other)).isEqualTo(otherRowsBefore);
        assertThat(CacheContents.keysOf(other)).containsAll(otherKeysBefore);
        assertThat(Api.list(other, other).body().path("memories")).hasSize(1);
    }
}

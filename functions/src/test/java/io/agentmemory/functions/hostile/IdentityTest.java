package io.agentmemory.functions.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.engine.reliability.Sql;
import io.agentmemory.functions.FunctionBeans;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.HttpEvents;
import io.agentmemory.functions.testing.LambdaResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token for user A can't read, search, update, delete or invalidate user B through any route of any function —
 * including batch search, memory ids taken from B (B's real ids with A's path: 404; with B's path: 403), and the
 * usual tricks (look-alike subjects, scopes that are almost the admin scope, a user id in the body, the query string
 * or a header). Afterwards B's rows, history and revision (which any write or invalidation raises) are exactly what they were.
 */
class IdentityTest {

    private String a;
    private String b;
    private List<String> bIds;

    @BeforeEach
    void twoUsers() {
        a = "alice-" + UUID.randomUUID();
        b = "bob-" + UUID.randomUUID();
        assertThat(Api.addVerbatim(a, a, "Alice prefers aisle seats").status()).isEqualTo(201);
        JsonNode added = Api.addVerbatim(b, b, "Bob is allergic to penicillin", "Bob's passport number is X1234567").body().path("results");
        bIds = List.of(added.get(0).path("id").asText(), added.get(1).path("id").asText());
        assertThat(Api.update(b, b, bIds.get(0), Map.of("memory", "Bob is allergic to penicillin and latex")).status()).isEqualTo(200);
        // B's results are cached now, at B's current revision.
        assertThat(Api.search(b, b, Map.of("query", "allergies")).status()).isEqualTo(200);
        assertThat(Api.search(b, b, Map.of("query", "allergies")).body().path("cached").asBoolean()).isTrue();
    }

    private record Snapshot(Map<String, Long> rows, List<Map<String, Object>> memories, List<Map<String, Object>> history,
                            List<Map<String, Object>> revision) {
    }

    private Snapshot snapshotOfB() {
        return new Snapshot(Sql.userRows(b),
                Sql.rows("SELECT id, memory, metadata::text AS metadata, categories::text AS categories, updated_at FROM memories WHERE user_id = ? ORDER BY id", b),
                Sql.rows("SELECT id, memory_id, event, old_memory, new_memory FROM memory_history WHERE user_id = ? ORDER BY id", b),
                Sql.rows("SELECT revision FROM user_revisions WHERE user_id = ?", b));
    }

    private void assertUnchanged(Snapshot before) {
        Snapshot after = snapshotOfB();
        assertThat(after.rows()).isEqualTo(before.rows());
        assertThat(after.memories()).isEqualTo(before.memories());
        assertThat(after.history()).isEqualTo(before.history());
        assertThat(after.revision()).as("B's revision (a write or an invalidation would raise it)").isEqualTo(before.revision());
    }

    private static void expect(Map<String, Integer> failures, String what, int status, Supplier<LambdaResponse> call) {
        LambdaResponse response = call.get();
        if (!Api.isProblem(response, status)) {
            failures.put(what + " -> " + response.status() + " " + response.rawBody(), status);
        }
    }

    @Test
    void userACannotReachUserBThroughAnyRoute() {
        Snapshot before = snapshotOfB();
        String bId = bIds.get(1);
        Map<String, Integer> failures = new LinkedHashMap<>();
        List<String> checked = new ArrayList<>();

        // A's token on B's path: every route of every function.
        Map<String, Supplier<LambdaResponse>> onBsPath = new LinkedHashMap<>();
        onBsPath.put("add", () -> Api.addVerbatim(b, a, "Alice writes into Bob"));
        onBsPath.put("search", () -> Api.search(b, a, Map.of("query", "passport")));
        onBsPath.put("list", () -> Api.list(b, a));
        onBsPath.put("get", () -> Api.get(b, a, bId));
        onBsPath.put("update", () -> Api.update(b, a, bId, Map.of("memory", "changed by Alice")));
        onBsPath.put("delete", () -> Api.delete(b, a, bId));
        onBsPath.put("history", () -> Api.history(b, a, bId));
        onBsPath.put("delete all", () -> Api.deleteAll(b, a));
        onBsPath.put("invalidate", () -> Api.invalidate(b, a));
        onBsPath.put("context", () -> Api.context(b, a));
        onBsPath.put("preferences", () -> Api.preferences(b, a, Map.of("preferences", Map.of("travelStyle", "luxury"))));
        onBsPath.forEach((route, call) -> {
            expect(failures, "A's token, B's path: " + route, 403, call);
            checked.add(route + " (B's path)");
        });

        // B's real memory ids with A's token on A's path: as if they did not exist.
        Map<String, Supplier<LambdaResponse>> bIdsOnAsPath = new LinkedHashMap<>();
        bIdsOnAsPath.put("get", () -> Api.get(a, a, bId));
        bIdsOnAsPath.put("update", () -> Api.update(a, a, bId, Map.of("memory", "changed by Alice")));
        bIdsOnAsPath.put("delete", () -> Api.delete(a, a, bId));
        bIdsOnAsPath.put("history", () -> Api.history(a, a, bId));
        bIdsOnAsPath.forEach((route, call) -> {
            expect(failures, "A's token and path, B's memory id: " + route, 404, call);
            checked.add(route + " (B's id on A's path)");
        });

        // Batch search across users needs the admin scope, in any order and mixture.
        expect(failures, "batch of B", 403, () -> Api.batch(a, List.of(Map.of("userId", b, "query", "passport"))));
        expect(failures, "batch of A and B", 403, () -> Api.batch(a, List.of(Map.of("userId", a, "query", "seat"),
                Map.of("userId", b, "query", "passport"))));
        expect(failures, "batch of B with a scope that is almost admin", 403, () -> Api.batch(a,
                List.of(Map.of("userId", b, "query", "passport")), "memory/Admin", "memory/admin ", "admin", "memory:admin"));
        checked.add("batch search");

        // Look-alike subjects on B's path.
        for (String lookalike : List.of(b.toUpperCase(), b + " ", " " + b, b + "\u0000", b + "/", "*", b.substring(0, b.length() - 1))) {
            expect(failures, "look-alike subject '" + lookalike + "' on B's path", 403, () -> Api.list(b, lookalike));
        }
        // No identity at all.
        expect(failures, "no token on B's path", 401, () -> Api.list(b, null));
        expect(failures, "no token, batch", 401, () -> Api.batch(null, List.of(Map.of("userId", b, "query", "passport"))));
        // B's user id spelled differently in A's request: in the body, in an encoded path, by traversal.
        expect(failures, "userId in the body of A's add", 400, () -> Api.add(a, a, Map.of("userId", b,
                "messages", List.of(Map.of("role", "user", "content", "Alice via body")))));
        expect(failures, "percent-encoded B in the path", 403, () -> Functions.invoke(FunctionBeans.MANAGE,
                HttpEvents.get("/v1/users/" + percentEncodeAll(b) + "/memories").as(a)));
        expect(failures, "A/../B as the user id", 400, () -> Functions.invoke(FunctionBeans.MANAGE,
                HttpEvents.get("/v1/users/" + Api.segment(a + "/../" + b) + "/memories").as(a + "/../" + b)));
        LambdaResponse traversal = Functions.invoke(FunctionBeans.MANAGE, HttpEvents.get("/v1/users/" + a + "/../" + b + "/memories").as(a));
        assertThat(traversal.status()).as("A/../B unencoded").isIn(400, 403, 404);
        checked.add("identity tricks");

        // Where the user comes from the path only, A's requests with B mentioned elsewhere still only see A.
        LambdaResponse listed = Functions.invoke(FunctionBeans.MANAGE, HttpEvents.get(Api.memories(a)).query("userId", b)
                .header("x-user-id", b).as(a));
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().path("memories").findValuesAsText("userId")).containsOnly(a);
        LambdaResponse searched = Functions.invoke(FunctionBeans.SEARCH, HttpEvents.post(Api.memories(a) + "/search",
                "{\"query\":\"passport allergies\"}").header("x-user-id", b).query("userId", b).as(a));
        assertThat(searched.body().path("results").findValuesAsText("memory")).containsOnly("Alice prefers aisle seats");
        LambdaResponse aContext = Api.context(a, a);
        assertThat(aContext.rawBody()).doesNotContain("Bob", "penicillin", "X1234567");

        System.out.printf("[identity] A's token against B: %d routes and tricks checked (%s); all refused%n", checked.size(), checked);
        assertThat(failures).as("requests that were not refused as expected").isEmpty();
        assertUnchanged(before);

        // Controls: the same requests with B's own token, or an admin token, do work.
        assertThat(Api.get(b, b, bId).status()).isEqualTo(200);
        assertThat(Api.batch("operator", List.of(Map.of("userId", a, "query", "seat"), Map.of("userId", b, "query", "passport")),
                Api.ADMIN).status()).isEqualTo(200);
        assertThat(Functions.invoke(FunctionBeans.MANAGE, HttpEvents.get(Api.memories(b)).as("operator", Api.ADMIN)).status()).isEqualTo(200);
    }

    private static String percentEncodeAll(String value) {
        StringBuilder out = new StringBuilder();
        for (byte by : value.getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(String.format("%02X", by));
        }
        return out.toString();
    }
}

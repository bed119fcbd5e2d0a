package io.agentmemory.functions.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.engine.reliability.Sql;
import io.agentmemory.functions.FunctionBeans;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.HttpEvents;
import io.agentmemory.functions.testing.LambdaResponse;
import io.agentmemory.functions.testing.fuzz.EventFuzzer;
import io.agentmemory.functions.testing.fuzz.FuzzedEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deterministic fuzz test through the real handlers: thousands of API Gateway HTTP API events generated from a fixed
 * seed — not JSON, not an HTTP event, unknown routes and methods, missing or foreign identities, and, on every route
 * that takes a body, malformed JSON, wrong types, missing and unknown fields, strings and arrays over the limits,
 * deep nesting, NUL and lone surrogates, invalid UTF-8, base64 bodies, wrong content types — across every function
 * bean. Every event carries at least one defect by construction, so every answer must be a 4xx
 * {@code application/problem+json} without internals, and afterwards the database tables and the cache are exactly as
 * they were.
 *
 * <p>{@code -Dfuzz.seed=N} replays another sequence; {@code -Dfuzz.events=N} changes the count.
 */
class FuzzedEventsTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20_261_125L);
    private static final int EVENTS = Integer.getInteger("fuzz.events", 3_000);
    /** What a problem body must never show: stack traces, class and package names, driver or SQL text. */
    private static final List<String> INTERNALS = List.of("Exception", "\tat ", "io.agentmemory", "com.fasterxml",
            "java.", "javax.", "org.springframework", "reactor.", "r2dbc", "lettuce", "SQLSTATE", "postgres", "jackson");

    private final String user = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
    private final EventFuzzer fuzzer = new EventFuzzer(SEED, user);

    @Test
    void everyMalformedEventGetsA4xxProblemAndLeavesTheDatabaseAndTheCacheAsTheyWere() {
        fuzz(EVENTS, fuzzer::next);
    }

    @Test
    // The adapter alone would fail the invocation on these (it parses the payload and casts "headers" to a map before
    // our function runs); MemoryFunctionInvoker answers them with the same 400 problem. Only a direct Lambda
    // invocation can send them: API Gateway builds the event JSON itself.
    void payloadsThatAreNotJsonAtAllGetA400Too() {
        fuzz(300, fuzzer::undecodable);
    }

    private void fuzz(int events, Supplier<FuzzedEvent> generator) {
        // Start every function's environment first: their start-up is not what is measured.
        for (String bean : EventFuzzer.BEANS) {
            Functions.invoke(bean, "[]".getBytes(StandardCharsets.UTF_8));
        }
        // The fuzz user has memories, history and cached results, so that a request which wrongly got through (a
        // delete, an update, an invalidation) would show in the counts and the keys below.
        seed();
        Map<String, Long> userRowsBefore = Sql.userRows(user);
        List<String> userKeysBefore = CacheContents.keysOf(user);
        Map<String, Long> rowsBefore = allRows();
        Map<String, byte[]> cacheBefore = CacheContents.snapshot();
        long dbSizeBefore = CacheContents.dbSize();

        Map<String, Integer> perCategory = new TreeMap<>();
        Map<Integer, Integer> perStatus = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < events; i++) {
            FuzzedEvent fuzzed = generator.get();
            perCategory.merge(fuzzed.category().replaceAll("^([^:]+(:[^:]+)?).*", "$1"), 1, Integer::sum);
            String problem;
            try {
                LambdaResponse response = Functions.invoke(fuzzed.bean(), fuzzed.event());
                perStatus.merge(response.status(), 1, Integer::sum);
                problem = check(response);
            } catch (RuntimeException e) {
                problem = "the invocation failed instead of answering: " + e;
            }
            if (problem != null && failures.size() < 25) {
                String event = new String(fuzzed.event(), StandardCharsets.UTF_8);
                failures.add("#" + i + " " + fuzzed.category() + " -> " + fuzzed.bean() + ": " + problem + "\n    event: "
                        + (event.length() > 600 ? event.substring(0, 600) + "..." : event));
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("[fuzz] seed %d: %d events in %d ms over %s; categories %s; statuses %s; rows %s; cache DBSIZE %d -> %d%n",
                SEED, events, millis, EventFuzzer.BEANS, perCategory, perStatus, rowsBefore, dbSizeBefore, CacheContents.dbSize());
        assertThat(failures).as("events not answered with a clean 4xx problem").isEmpty();

        assertThat(allRows()).as("rows of every table").isEqualTo(rowsBefore);
        assertThat(Sql.userRows(user)).isEqualTo(userRowsBefore);
        assertThat(CacheContents.changedSince(cacheBefore)).as("cache keys added or changed").isEmpty();
        assertThat(CacheContents.keysOf(user)).as("the fuzz user's cache keys").containsExactlyInAnyOrderElementsOf(userKeysBefore);
    }


    private boolean seeded;

    private void seed() {
        if (seeded) {
            return;
        }
        seeded = true;
        String memories = "/v1/users/" + user + "/memories";
        LambdaResponse added = Functions.invoke(FunctionBeans.ADD, HttpEvents.post(memories,
                "{\"infer\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Prefers window seats\"},"
                        + "{\"role\":\"user\",\"content\":\"Is vegetarian\"}],\"sessionId\":\"s1\",\"metadata\":{\"k\":\"v\"},"
                        + "\"categories\":[\"travel\"]}").as(user));
        assertThat(added.status()).isEqualTo(201);
        String id = added.body().path("results").get(0).path("id").asText();
        assertThat(Functions.invoke(FunctionBeans.MANAGE, HttpEvents.request("PUT", memories + "/" + id)
                .body("{\"memory\":\"Prefers aisle seats\"}").as(user)).status()).isEqualTo(200);
        assertThat(Functions.invoke(FunctionBeans.SEARCH, HttpEvents.post(memories + "/search",
                "{\"query\":\"which seat\",\"limit\":5,\"threshold\":0.1,\"filters\":{\"categories\":[\"travel\"],"
                        + "\"sessionId\":\"s1\",\"metadata\":{\"k\":\"v\"}}}").as(user)).status()).isEqualTo(200);
        assertThat(Functions.invoke(FunctionBeans.CONTEXT, HttpEvents.get("/v1/users/" + user + "/context").as(user)).status())
                .isEqualTo(200);
    }

    /** Rows of every table that a request could write: the user tables and the admin audit. */
    private static Map<String, Long> allRows() {
        Map<String, Long> rows = new TreeMap<>(Sql.tableRows());
        if (Sql.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'admin_audit'") == 1) {
            rows.put("admin_audit", Sql.count("SELECT count(*) FROM admin_audit"));
        }
        return rows;
    }

    private static String check(LambdaResponse response) {
        if (response.status() < 400 || response.status() > 499) {
            return "status " + response.status() + " " + response.rawBody();
        }
        if (!"application/problem+json".equals(response.contentType())) {
            return "content type " + response.contentType();
        }
        JsonNode body;
        try {
            body = response.body();
        } catch (RuntimeException e) {
            return "body is not JSON: " + response.rawBody();
        }
        if (body.path("status").asInt() != response.status() || !body.path("type").asText().startsWith("urn:agent-memory:problem:")
                || body.path("title").asText().isBlank()) {
            return "not a problem document: " + response.rawBody();
        }
        for (String internal : INTERNALS) {
            if (response.rawBody().contains(internal)) {
                return "shows '" + internal + "': " + response.rawBody();
            }
        }
        return null;
    }
}

package io.agentmemory.functions.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.engine.reliability.Sql;
import io.agentmemory.functions.FunctionBeans;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.LambdaResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> BEANS = List.of(FunctionBeans.ADD, FunctionBeans.SEARCH, FunctionBeans.BATCH_SEARCH,
            FunctionBeans.INVALIDATE, FunctionBeans.MANAGE, FunctionBeans.CONTEXT);
    /** What a problem body must never show: stack traces, class and package names, driver or SQL text. */
    private static final List<String> INTERNALS = List.of("Exception", "\tat ", "io.agentmemory", "com.fasterxml",
            "java.", "javax.", "org.springframework", "reactor.", "r2dbc", "lettuce", "SQLSTATE", "postgres", "jackson");

    record Fuzzed(String category, String bean, byte[] event) {
    }

    /** A route that takes a JSON body: a valid template to break, and what may be broken in it. */
    record BodyRoute(String bean, String method, String path, Supplier<ObjectNode> template, List<String> requiredFields,
                     List<TypedField> typedFields, List<String> records, List<LimitedText> texts, List<LimitedArray> arrays,
                     List<String> metadata, boolean perItemValidation) {
    }

    record TypedField(String pointer, List<Object> wrongValues) {
    }

    record LimitedText(String pointer, int max) {
    }

    record LimitedArray(String pointer, int max) {
    }

    private static final List<Object> NOT_A_STRING = List.of(123, true, Map.of("a", 1), List.of(1, 2), 1.5);
    private static final List<Object> NOT_AN_INT = List.of("10", true, Map.of("a", 1), List.of(1), 10.5);
    private static final List<Object> NOT_A_NUMBER = List.of("0.5", true, Map.of("a", 1), List.of(0.5));
    private static final List<Object> NOT_A_BOOLEAN = List.of("true", 1, Map.of("a", 1), List.of(true));
    private static final List<Object> NOT_A_LIST = List.of("x", 1, Map.of("a", 1), true);
    private static final List<Object> NOT_AN_OBJECT = List.of("x", 1, List.of(1), true);
    private static final List<Object> NOT_AN_INSTANT = List.of("next tuesday", true, Map.of("a", 1), List.of("x"));

    private final Random random = new Random(SEED);
    private final String user = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<BodyRoute> bodyRoutes = bodyRoutes();

    private List<BodyRoute> bodyRoutes() {
        String memories = "/v1/users/" + user + "/memories";
        return List.of(
                new BodyRoute(FunctionBeans.ADD, "POST", memories, () -> object("""
                        {"messages":[{"role":"user","content":"I prefer window seats"},{"role":"assistant","content":"Noted"}],
                         "sessionId":"s1","metadata":{"k":"v"},"categories":["travel"],"infer":true,
                         "expiresAt":"2099-01-01T00:00:00Z"}"""),
                        List.of("/messages", "/messages/0/role", "/messages/0/content"),
                        List.of(new TypedField("/messages", NOT_A_LIST), new TypedField("/messages/0", NOT_AN_OBJECT),
                                new TypedField("/messages/0/role", NOT_A_STRING), new TypedField("/messages/0/content", NOT_A_STRING),
                                new TypedField("/sessionId", NOT_A_STRING), new TypedField("/metadata", NOT_AN_OBJECT),
                                new TypedField("/categories", NOT_A_LIST), new TypedField("/categories/0", NOT_A_STRING),
                                new TypedField("/infer", NOT_A_BOOLEAN), new TypedField("/expiresAt", NOT_AN_INSTANT)),
                        List.of("", "/messages/0"),
                        List.of(new LimitedText("/messages/0/content", 8_000), new LimitedText("/sessionId", 128),
                                new LimitedText("/categories/0", 64)),
                        List.of(new LimitedArray("/messages", 50), new LimitedArray("/categories", 20)),
                        List.of("/metadata"), false),
                new BodyRoute(FunctionBeans.SEARCH, "POST", memories + "/search", () -> object("""
                        {"query":"which seat","limit":5,"threshold":0.1,
                         "filters":{"categories":["travel"],"sessionId":"s1","metadata":{"k":"v"}}}"""),
                        List.of("/query"),
                        List.of(new TypedField("/query", NOT_A_STRING), new TypedField("/limit", NOT_AN_INT),
                                new TypedField("/threshold", NOT_A_NUMBER), new TypedField("/filters", NOT_AN_OBJECT),
                                new TypedField("/filters/categories", NOT_A_LIST), new TypedField("/filters/sessionId", NOT_A_STRING),
                                new TypedField("/filters/metadata", NOT_AN_OBJECT)),
                        List.of("", "/filters"),
                        List.of(new LimitedText("/query", 2_000), new LimitedText("/filters/sessionId", 128),
                                new LimitedText("/filters/categories/0", 64)),
                        List.of(new LimitedArray("/filters/categories", 20)),
                        List.of("/filters/metadata"), false),
                new BodyRoute(FunctionBeans.BATCH_SEARCH, "POST", "/v1/memories/search/batch", () -> object("""
                        {"searches":[{"userId":"%1$s","query":"seats","limit":3},
                                     {"userId":"%1$s","query":"food","filters":{"metadata":{"k":"v"}}}]}""".formatted(user)),
                        List.of("/searches"),
                        List.of(new TypedField("/searches", NOT_A_LIST), new TypedField("/searches/0", NOT_AN_OBJECT),
                                new TypedField("/searches/0/userId", NOT_A_STRING), new TypedField("/searches/0/query", NOT_A_STRING),
                                new TypedField("/searches/0/limit", NOT_AN_INT), new TypedField("/searches/1/filters", NOT_AN_OBJECT)),
                        List.of("", "/searches/0", "/searches/1/filters"),
                        List.of(), // limits inside one search are answered in that search's slot (200), not here
                        List.of(new LimitedArray("/searches", 100)),
                        List.of("/searches/1/filters/metadata"), true),
                new BodyRoute(FunctionBeans.MANAGE, "PUT", memories + "/" + UUID.randomUUID(), () -> object("""
                        {"memory":"Prefers aisle seats","metadata":{"k":"v"},"categories":["flights"]}"""),
                        List.of("/memory", "/metadata", "/categories"),
                        List.of(new TypedField("/memory", NOT_A_STRING), new TypedField("/metadata", NOT_AN_OBJECT),
                                new TypedField("/categories", NOT_A_LIST), new TypedField("/categories/0", NOT_A_STRING)),
                        List.of(""),
                        List.of(new LimitedText("/memory", 8_000), new LimitedText("/categories/0", 64)),
                        List.of(new LimitedArray("/categories", 20)),
                        List.of("/metadata"), false),
                new BodyRoute(FunctionBeans.CONTEXT, "PUT", "/v1/users/" + user + "/preferences", () -> object("""
                        {"preferences":{"destinations":["Japan"],"travelStyle":"slow",
                                        "budget":{"min":1000,"max":2000,"currency":"EUR"}},"category":"travel"}"""),
                        List.of("/preferences"),
                        List.of(new TypedField("/preferences", NOT_AN_OBJECT), new TypedField("/preferences/destinations", NOT_A_LIST),
                                new TypedField("/preferences/travelStyle", NOT_A_STRING), new TypedField("/preferences/budget", NOT_AN_OBJECT),
                                new TypedField("/preferences/budget/min", List.of("lots", true, Map.of("a", 1), List.of(1))),
                                new TypedField("/category", NOT_A_STRING)),
                        List.of("", "/preferences", "/preferences/budget"),
                        List.of(), List.of(), List.of(), false));
    }

    @Test
    void everyMalformedEventGetsA4xxProblemAndLeavesTheDatabaseAndTheCacheAsTheyWere() {
        fuzz(EVENTS, this::next);
    }

    @Test
    // The adapter alone would fail the invocation on these (it parses the payload and casts "headers" to a map before
    // our function runs); MemoryFunctionInvoker answers them with the same 400 problem. Only a direct Lambda
    // invocation can send them: API Gateway builds the event JSON itself.
    void payloadsThatAreNotJsonAtAllGetA400Too() {
        fuzz(300, this::undecodable);
    }

    private void fuzz(int events, Supplier<Fuzzed> generator) {
        // Start every function's environment first: their start-up is not what is measured.
        for (String bean : BEANS) {
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
            Fuzzed fuzzed = generator.get();
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
                SEED, events, millis, BEANS, perCategory, perStatus, rowsBefore, dbSizeBefore, CacheContents.dbSize());
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
        LambdaResponse added = Functions.invoke(FunctionBeans.ADD, bytes(event("POST", memories, "application/json",
                "{\"infer\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Prefers window seats\"},"
                        + "{\"role\":\"user\",\"content\":\"Is vegetarian\"}],\"sessionId\":\"s1\",\"metadata\":{\"k\":\"v\"},"
                        + "\"categories\":[\"travel\"]}", false, user)));
        assertThat(added.status()).isEqualTo(201);
        String id = added.body().path("results").get(0).path("id").asText();
        assertThat(Functions.invoke(FunctionBeans.MANAGE, bytes(event("PUT", memories + "/" + id, "application/json",
                "{\"memory\":\"Prefers aisle seats\"}", false, user))).status()).isEqualTo(200);
        assertThat(Functions.invoke(FunctionBeans.SEARCH, bytes(event("POST", memories + "/search", "application/json",
                "{\"query\":\"which seat\",\"limit\":5,\"threshold\":0.1,\"filters\":{\"categories\":[\"travel\"],"
                        + "\"sessionId\":\"s1\",\"metadata\":{\"k\":\"v\"}}}", false, user))).status()).isEqualTo(200);
        assertThat(Functions.invoke(FunctionBeans.CONTEXT, bytes(event("GET", "/v1/users/" + user + "/context",
                "application/json", null, false, user))).status()).isEqualTo(200);
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

    // ------------------------------------------------------------------------------------------ generator

    private Fuzzed next() {
        int dice = random.nextInt(100);
        if (dice < 5) {
            return notAnEvent();
        }
        if (dice < 10) {
            return notAnHttpEvent();
        }
        if (dice < 22) {
            return unknownRoute();
        }
        if (dice < 32) {
            return badIdentity();
        }
        if (dice < 38) {
            return badPathParameters();
        }
        return badBody();
    }

    /** Well-formed JSON that is not an HTTP API event at all. */
    private Fuzzed notAnEvent() {
        String bean = pick(BEANS);
        String event = switch (random.nextInt(4)) {
            case 0 -> pick(List.of("null", "42", "-1e308", "\"event\"", "[]", "[{}]", "true", "{}", "[1,2,3]", "\"\\u0000\""));
            case 1 -> {
                // Nested far deeper than any event (but within what the runtime's own parser accepts).
                int depth = 33 + random.nextInt(900);
                yield "{\"version\":\"2.0\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
            }
            case 2 -> "{\"version\":\"2.0\",\"routeKey\":\"$default\",\"body\":" + pick(List.of("1", "[]", "{}", "null", "true")) + "}";
            default -> "{\"" + "k".repeat(1 + random.nextInt(50_000)) + "\":1}";
        };
        return new Fuzzed("not-an-event", bean, event.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Payloads that are not JSON, or not UTF-8, or nested past any parser's limit: API Gateway never sends these (its
     * events are JSON it built itself); only a direct invocation of the function can.
     */
    private Fuzzed undecodable() {
        String bean = pick(BEANS);
        byte[] event = switch (random.nextInt(7)) {
            case 0 -> randomBytes(1 + random.nextInt(300));
            case 6 -> {
                // Well-formed JSON, but "headers" is not an object: the adapter casts it to a Map.
                ObjectNode valid = event("POST", "/v1/users/" + user + "/memories/search", "application/json",
                        "{\"query\":\"seats\"}", false, user);
                valid.set("headers", JSON.createArrayNode().add("content-type: application/json"));
                yield bytes(valid);
            }
            case 1 -> {
                byte[] valid = bytes(event("POST", "/v1/users/" + user + "/memories", "application/json", "{}", false, user));
                yield Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
            }
            case 2 -> pick(List.of("{", "}", "", "{\"version\":\"2.0\",\"body\":\"x\"\"")).getBytes(StandardCharsets.UTF_8);
            case 3 -> ("{\"version\":\"2.0\"," + "[".repeat(2_000 + random.nextInt(20_000))).getBytes(StandardCharsets.UTF_8);
            case 4 -> {
                int depth = 1_001 + random.nextInt(5_000);
                yield ("{\"version\":\"2.0\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                byte[] valid = bytes(event("POST", "/v1/users/" + user + "/memories/search", "application/json",
                        "{\"query\":\"seats\"}", false, user));
                yield insert(valid, invalidUtf8(), random.nextInt(valid.length));
            }
        };
        return new Fuzzed("undecodable", bean, event);
    }

    private Fuzzed notAnHttpEvent() {
        String bean = pick(BEANS);
        // A well-formed add request, then one structural defect that leaves no way to serve it.
        ObjectNode event = event("POST", "/v1/users/" + user + "/memories",
                "application/json", "{\"messages\":[{\"role\":\"user\",\"content\":\"I prefer trains\"}]}", false, user);
        String defect;
        switch (random.nextInt(9)) {
            case 0 -> {
                event.remove("requestContext");
                defect = "no requestContext";
            }
            case 1 -> {
                ((ObjectNode) event.path("requestContext").path("http")).put("method", random.nextInt(1000));
                defect = "method is a number";
            }
            case 2 -> {
                event.remove("rawPath");
                ((ObjectNode) event.path("requestContext").path("http")).remove("path");
                defect = "no path";
            }
            case 3 -> {
                event.put("rawPath", random.nextInt(1000));
                defect = "path is a number";
            }
            case 4 -> {
                event.set("headers", JSON.createObjectNode().put("content_type", "application/json"));
                defect = "no content-type header";
            }
            case 5 -> {
                event.set("body", JSON.createObjectNode().put("messages", "not a string body"));
                defect = "body is an object";
            }
            case 6 -> {
                ((ObjectNode) event.path("requestContext").path("authorizer").path("jwt")).put("claims", "sub=" + user);
                defect = "claims is a string";
            }
            case 7 -> {
                ((ObjectNode) event.path("requestContext")).put("http", "POST " + "/v1/users/" + user + "/memories");
                event.remove("rawPath");
                defect = "http is a string";
            }
            default -> {
                ObjectNode scheduledLookalike = JSON.createObjectNode();
                scheduledLookalike.put("source", "aws.events");
                scheduledLookalike.put("detail-type", "Scheduled Event");
                scheduledLookalike.set("requestContext", event.get("requestContext"));
                event = scheduledLookalike;
                defect = "scheduled event with a requestContext";
            }
        }
        return new Fuzzed("not-an-http-event:" + defect, bean, bytes(event));
    }

    private Fuzzed unknownRoute() {
        String bean = pick(BEANS);
        String base = "/v1/users/" + user;
        List<String[]> candidates = List.of(
                new String[]{pick(List.of("GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")), base + "/memories/search"},
                new String[]{pick(List.of("GET", "PUT", "DELETE", "PATCH")), "/v1/memories/search/batch"},
                new String[]{pick(List.of("GET", "PUT", "DELETE", "PATCH")), base + "/cache/invalidate"},
                new String[]{pick(List.of("POST", "PATCH", "OPTIONS")), base + "/memories/" + UUID.randomUUID()},
                new String[]{pick(List.of("POST", "PUT", "DELETE", "PATCH")), base + "/memories/" + UUID.randomUUID() + "/history"},
                new String[]{pick(List.of("POST", "DELETE", "PATCH")), base + "/context"},
                new String[]{pick(List.of("GET", "POST", "DELETE")), base + "/preferences"},
                new String[]{pick(List.of("GET", "POST", "PUT", "DELETE", "get", "post", "FOO", "")), pick(List.of(
                        "/", "", "/v1", "/v1/users", "/v1/users/" + user, base + "/memories/", base + "//memories",
                        "/v1/users//memories", base + "/memories/search/", base + "/memories/../memories",
                        "/v1/users/" + user + "/../../etc/passwd", "/v2/users/" + user + "/memories", base + "/MEMORIES",
                        base + "/memories/" + UUID.randomUUID() + "/history/extra", "/v1/memories/search/batch/",
                        "/../../../../etc/passwd", base + "/memories%2Fsearch", "/v1/users/" + user + "/cache/invalidate/all",
                        base + "/" + "a".repeat(5_000), "/v1/users/\u00e9\u00e8/memories/x/y/z", base + "/memories?x=1",
                        "/%zz/" + user))});
        String[] route = pick(candidates);
        String method = route[0];
        String path = route[1];
        // A body that would be valid for the route, so that only the route or method is wrong.
        String body = method.equals("GET") || method.equals("HEAD") ? null : "{\"query\":\"x\"}";
        ObjectNode event = event(method, path, "application/json", body, false, user);
        return new Fuzzed("route:" + (method.isEmpty() ? "<none>" : method), bean, bytes(event));
    }

    private Fuzzed badIdentity() {
        BodyRoute route = pick(bodyRoutes);
        String bean = route.bean();
        String method = route.method();
        String path = route.path();
        String body = route.template().get().toString();
        int kind = random.nextInt(6);
        if (kind == 5) {
            // The destructive routes without a body, with another user's identity.
            String[][] destructive = {
                    {FunctionBeans.MANAGE, "DELETE", "/v1/users/" + user + "/memories"},
                    {FunctionBeans.MANAGE, "DELETE", "/v1/users/" + user + "/memories/" + UUID.randomUUID()},
                    {FunctionBeans.MANAGE, "GET", "/v1/users/" + user + "/memories"},
                    {FunctionBeans.INVALIDATE, "POST", "/v1/users/" + user + "/cache/invalidate"},
                    {FunctionBeans.CONTEXT, "GET", "/v1/users/" + user + "/context"}};
            String[] target = destructive[random.nextInt(destructive.length)];
            bean = target[0];
            method = target[1];
            path = target[2];
            body = null;
        }
        ObjectNode event = event(method, path, "application/json", body, false, user);
        ObjectNode context = (ObjectNode) event.path("requestContext");
        String category;
        switch (kind) {
            case 0 -> {
                context.remove("authorizer");
                category = "identity:none";
            }
            case 1 -> {
                ((ObjectNode) context.path("authorizer").path("jwt").path("claims")).put("sub", "");
                category = "identity:empty-sub";
            }
            case 2 -> {
                ((ObjectNode) context.path("authorizer").path("jwt").path("claims")).put("sub", pick(List.of(
                        "someone-else", user.toUpperCase(), user + " ", " " + user, user + "\u0000", "*", user + "-2")));
                category = "identity:other-user";
            }
            case 3 -> {
                ((ObjectNode) context.path("authorizer").path("jwt").path("claims")).remove("sub");
                ((ObjectNode) context.path("authorizer").path("jwt").path("claims")).put("username", user);
                category = "identity:no-sub";
            }
            case 4 -> {
                ((ObjectNode) context.path("authorizer").path("jwt").path("claims")).put("sub", "someone-else");
                ((ObjectNode) context.path("authorizer").path("jwt")).set("scopes", JSON.createArrayNode()
                        .add(pick(List.of("memory/Admin", "memory/admin ", "memory", "admin", "memory/admins"))));
                category = "identity:almost-admin";
            }
            default -> {
                ((ObjectNode) context.path("authorizer").path("jwt").path("claims")).put("sub", "someone-else");
                category = "identity:other-user-destructive";
            }
        }
        return new Fuzzed(category, bean, bytes(event));
    }

    private Fuzzed badPathParameters() {
        String badUser = pick(List.of("", "a b", "ü-user", "user/../../etc", "x".repeat(129), "user\u0000", "user%00",
                "'; DROP TABLE memories; --", "*1\r\n$8\r\nFLUSHALL\r\n", "{\"user\":1}", "%2e%2e%2f%2e%2e", "user#1", "😀"));
        String encoded = java.net.URLEncoder.encode(badUser, StandardCharsets.UTF_8).replace("+", "%20");
        String[][] routes = {
                {FunctionBeans.ADD, "POST", "/v1/users/" + encoded + "/memories", "{\"messages\":[{\"role\":\"user\",\"content\":\"I like trains\"}]}"},
                {FunctionBeans.SEARCH, "POST", "/v1/users/" + encoded + "/memories/search", "{\"query\":\"trains\"}"},
                {FunctionBeans.INVALIDATE, "POST", "/v1/users/" + encoded + "/cache/invalidate", null},
                {FunctionBeans.MANAGE, "GET", "/v1/users/" + encoded + "/memories", null},
                {FunctionBeans.MANAGE, "DELETE", "/v1/users/" + encoded + "/memories", null},
                {FunctionBeans.CONTEXT, "GET", "/v1/users/" + encoded + "/context", null}};
        if (random.nextBoolean() && !badUser.isEmpty()) {
            String[] r = routes[random.nextInt(routes.length)];
            // The token's subject is the odd user id itself, so only the id's validity decides.
            return new Fuzzed("path:bad-user-id", r[0], bytes(event(r[1], r[2], "application/json", r[3], false, badUser)));
        }
        String badId = pick(List.of("not-a-uuid", "123", UUID.randomUUID() + "x", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                "00000000-0000-0000-0000-00000000000g", "' OR '1'='1", "{}", "%00", "*", "ffffffff-ffff-ffff-ffff-ffffffffffffff"));
        String base = "/v1/users/" + user + "/memories/" + badId;
        String[][] memoryRoutes = {{"GET", base, null}, {"DELETE", base, null}, {"GET", base + "/history", null},
                {"PUT", base, "{\"memory\":\"Prefers aisle seats\"}"}, {"GET", "/v1/users/" + user + "/context?type=" + badId, null}};
        String[] r = memoryRoutes[random.nextInt(memoryRoutes.length)];
        if (r[1].contains("?type=")) {
            ObjectNode event = event("GET", "/v1/users/" + user + "/context", "application/json", null, false, user);
            event.put("rawQueryString", "type=" + badId);
            event.putObject("queryStringParameters").put("type", badId);
            return new Fuzzed("path:bad-context-type", FunctionBeans.CONTEXT, bytes(event));
        }
        return new Fuzzed("path:bad-memory-id", FunctionBeans.MANAGE, bytes(event(r[0], r[1], "application/json", r[2], false, user)));
    }

    private Fuzzed badBody() {
        BodyRoute route = pick(bodyRoutes);
        ObjectNode body = route.template().get();
        String contentType = "application/json";
        boolean base64 = false;
        String text;
        byte[] raw = null;
        String kind;
        int dice = random.nextInt(100);
        if (dice < 12) {
            kind = "truncated";
            String s = body.toString();
            text = s.substring(0, random.nextInt(s.length()));
        } else if (dice < 18) {
            kind = "trailing";
            text = body + pick(List.of("}", "x", "{}", "[]", " 1", ",", "]", "\"", "null"));
        } else if (dice < 26) {
            kind = "syntax";
            String s = body.toString();
            text = switch (random.nextInt(5)) {
                case 0 -> s.replaceFirst("\"", "'");
                case 1 -> removeNth(s, ':', random.nextInt(count(s, ':')));
                case 2 -> "{/* comment */" + s.substring(1);
                case 3 -> "{\"" + body.fieldNames().next() + "\":null," + s.substring(1); // duplicate key
                default -> s.replaceFirst(":", ":NaN,");
            };
        } else if (dice < 40) {
            TypedField field = pick(route.typedFields());
            kind = "wrong-type:" + field.pointer();
            set(body, field.pointer(), JSON.valueToTree(pick(field.wrongValues())));
            text = body.toString();
        } else if (dice < 46) {
            String pointer = pick(route.requiredFields());
            kind = "missing:" + pointer;
            if (route.bean().equals(FunctionBeans.MANAGE)) {
                body.removeAll(); // an update needs at least one of its fields
            } else {
                remove(body, pointer);
            }
            text = body.toString();
        } else if (dice < 54) {
            String pointer = pick(route.records());
            kind = "unknown-field:" + (pointer.isEmpty() ? "/" : pointer);
            ((ObjectNode) body.at(pointer)).put(pick(List.of("mesages", "user_id", "userId", "__proto__", "constructor",
                    "x" + random.nextInt(1000), "Query", "limit ", "ROLE", "extra")), "value");
            text = body.toString();
        } else if (dice < 62 && !route.texts().isEmpty()) {
            LimitedText field = pick(route.texts());
            kind = "too-long:" + field.pointer();
            set(body, field.pointer(), JSON.getNodeFactory().textNode(longText(field.max() + 1 + random.nextInt(field.max() * 2))));
            text = body.toString();
        } else if (dice < 68 && !route.arrays().isEmpty()) {
            LimitedArray field = pick(route.arrays());
            kind = "too-many:" + field.pointer();
            ArrayNode array = (ArrayNode) body.at(field.pointer());
            JsonNode element = array.get(0);
            int size = field.max() + 1 + random.nextInt(field.max() * 4);
            array.removeAll();
            for (int i = 0; i < size; i++) {
                array.add(element.deepCopy());
            }
            text = body.toString();
        } else if (dice < 73 && !route.metadata().isEmpty()) {
            String pointer = pick(route.metadata());
            int depth = 33 + random.nextInt(3_000);
            kind = "deep:" + pointer;
            set(body, pointer, JSON.getNodeFactory().textNode("__DEEP__"));
            text = body.toString().replace("\"__DEEP__\"", "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
        } else if (dice < 79 && !route.perItemValidation() && !route.texts().isEmpty()) {
            LimitedText field = pick(route.texts());
            kind = "bad-text:" + field.pointer();
            set(body, field.pointer(), JSON.getNodeFactory().textNode("__BAD__"));
            text = body.toString().replace("__BAD__", pick(List.of("a\\u0000b", "\\u0000", "x\\ud800y", "\\udfff",
                    "trip \\ud83d", "\\ud83d\\ud83d")));
        } else if (dice < 83 && (route.bean().equals(FunctionBeans.SEARCH) || route.bean().equals(FunctionBeans.ADD))) {
            kind = "out-of-range";
            if (route.bean().equals(FunctionBeans.SEARCH)) {
                if (random.nextBoolean()) {
                    body.put("limit", pick(List.of(0, -1, 101, 1_000_000, Integer.MAX_VALUE, Integer.MIN_VALUE)));
                } else {
                    body.put("threshold", pick(List.of(-0.01, 1.01, 2.0, -1e300, 1e300)));
                }
            } else {
                switch (random.nextInt(4)) {
                    case 0 -> ((ArrayNode) body.get("messages")).removeAll();
                    case 1 -> ((ObjectNode) body.at("/messages/0")).put("role", pick(List.of("robot", "", "USER", "user ", "tool")));
                    case 2 -> ((ObjectNode) body.at("/messages/0")).put("content", pick(List.of("", "   ", "\n\t")));
                    default -> body.put("sessionId", "");
                }
            }
            text = body.toString();
        } else if (dice < 88) {
            kind = "invalid-utf8";
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            raw = insert(bytes, invalidUtf8(), 1 + random.nextInt(bytes.length - 1));
            text = null;
            base64 = true;
        } else if (dice < 92) {
            kind = "bad-base64";
            base64 = true;
            text = pick(List.of("!!not base64!!", "e30", "e30=%", "====", "eyJxdWVyeSI6InNlYXRzIn0=\u0000", "data:application/json;base64,e30="));
        } else if (dice < 98) {
            kind = "content-type";
            contentType = pick(Arrays.asList("text/plain", "", "application/xml", "application/jsonx", "text/json",
                    "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", null, "json", "application/*"));
            text = body.toString();
        } else {
            kind = "over-1mb";
            set(body, route.texts().isEmpty() ? "/category" : route.texts().get(0).pointer(),
                    JSON.getNodeFactory().textNode(longText(1_100_000)));
            text = body.toString();
        }
        ObjectNode event;
        if (raw != null) {
            event = event(route.method(), route.path(), contentType, Base64.getEncoder().encodeToString(raw), true, user);
        } else if (base64 || random.nextInt(10) == 0) {
            // Sometimes a defective body comes base64-encoded, as API Gateway sends binary media types.
            String encoded = kind.equals("bad-base64") ? text : Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
            event = event(route.method(), route.path(), contentType, encoded, true, user);
            kind = kind + (kind.equals("bad-base64") ? "" : "+base64");
        } else {
            event = event(route.method(), route.path(), contentType, text, false, user);
        }
        return new Fuzzed("body:" + route.bean() + ":" + kind.replaceAll("/\\d+", "/i"), route.bean(), bytes(event));
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** An API Gateway HTTP API (payload 2.0) event as the gateway sends it, with a JWT authorizer's claims. */
    static ObjectNode event(String method, String path, String contentType, String body, boolean base64, String subject) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        ObjectNode headers = event.putObject("headers");
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        headers.put("user-agent", "fuzz");
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "123456789012");
        context.put("apiId", "api1234567");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("timeEpoch", Instant.now().toEpochMilli());
        context.putObject("http").put("method", method).put("path", path).put("protocol", "HTTP/1.1")
                .put("sourceIp", "203.0.113.10").put("userAgent", "fuzz");
        if (subject != null) {
            ObjectNode jwt = context.putObject("authorizer").putObject("jwt");
            jwt.putObject("claims").put("sub", subject).put("iss", "https://issuer.example.test/").put("aud", "memory-api");
            jwt.putArray("scopes");
        }
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", base64);
        return event;
    }

    private static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void set(ObjectNode root, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }

    private static void remove(ObjectNode root, String pointer) {
        int slash = pointer.lastIndexOf('/');
        ((ObjectNode) root.at(pointer.substring(0, slash))).remove(pointer.substring(slash + 1));
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private byte[] invalidUtf8() {
        return pick(List.of(new byte[]{(byte) 0xC3, (byte) 0x28}, new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xFE, (byte) 0xFF},
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                new byte[]{(byte) 0xC0, (byte) 0xAF}, new byte[]{(byte) 0xE2, (byte) 0x82}, new byte[]{(byte) 0x80}));
    }

    private static byte[] insert(byte[] into, byte[] what, int at) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(into, 0, at);
        out.write(what, 0, what.length);
        out.write(into, at, into.length - at);
        return out.toByteArray();
    }

    private String longText(int length) {
        String unit = pick(List.of("a", "é", "🧳", "ab ", "<script>", "'; --"));
        StringBuilder text = new StringBuilder(length + unit.length());
        while (text.length() < length) {
            text.append(unit);
        }
        return text.toString();
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    private static String removeNth(String s, char c, int n) {
        int seen = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c && seen++ == n) {
                return s.substring(0, i) + s.substring(i + 1);
            }
        }
        return s;
    }
}

package io.agentmemory.functions.testing.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.functions.FunctionBeans;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Generates malformed events for every function bean, each with at least one defect by construction: not JSON, not
 * an HTTP API event, an unknown route or method, a missing or foreign identity, a bad path parameter, or (through
 * {@link BodyFuzzer}) a bad body. Deterministic for a seed.
 */
public final class EventFuzzer {

    public static final List<String> BEANS = List.of(FunctionBeans.ADD, FunctionBeans.SEARCH, FunctionBeans.BATCH_SEARCH,
            FunctionBeans.INVALIDATE, FunctionBeans.MANAGE, FunctionBeans.CONTEXT);

    private final FuzzRandom random;
    private final String user;
    private final List<BodyRoute> bodyRoutes;
    private final BodyFuzzer bodies;

    /** Events on behalf of {@code user}, whose own requests would be valid but for the defect. */
    public EventFuzzer(long seed, String user) {
        this.random = new FuzzRandom(seed);
        this.user = user;
        this.bodyRoutes = BodyRoutes.forUser(user);
        this.bodies = new BodyFuzzer(random, user, bodyRoutes);
    }

    /** The next event: one defect each, from not an event at all to a bad path parameter or body. */
    public FuzzedEvent next() {
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
        if (dice < 42) {
            return craftedCursor();
        }
        return bodies.next();
    }

    private FuzzedEvent notAnEvent() {
        String bean = random.pick(BEANS);
        String event = switch (random.nextInt(4)) {
            case 0 -> random.pick(List.of("null", "42", "-1e308", "\"event\"", "[]", "[{}]", "true", "{}", "[1,2,3]", "\"\\u0000\""));
            case 1 -> {
                // Nested far deeper than any event (but within what the runtime's own parser accepts).
                int depth = 33 + random.nextInt(900);
                yield "{\"version\":\"2.0\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
            }
            case 2 -> "{\"version\":\"2.0\",\"routeKey\":\"$default\",\"body\":" + random.pick(List.of("1", "[]", "{}", "null", "true")) + "}";
            default -> "{\"" + "k".repeat(1 + random.nextInt(50_000)) + "\":1}";
        };
        return new FuzzedEvent("not-an-event", bean, event.getBytes(StandardCharsets.UTF_8));
    }

    public FuzzedEvent undecodable() {
        String bean = random.pick(BEANS);
        byte[] event = switch (random.nextInt(7)) {
            case 0 -> random.randomBytes(1 + random.nextInt(300));
            case 6 -> {
                // Well-formed JSON, but "headers" is not an object: the adapter casts it to a Map.
                ObjectNode valid = FuzzEvents.event("POST", "/v1/users/" + user + "/memories/search", "application/json",
                        "{\"query\":\"seats\"}", false, user);
                valid.set("headers", JsonEdits.JSON.createArrayNode().add("content-type: application/json"));
                yield JsonEdits.bytes(valid);
            }
            case 1 -> {
                byte[] valid = JsonEdits.bytes(FuzzEvents.event("POST", "/v1/users/" + user + "/memories", "application/json", "{}", false, user));
                yield Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
            }
            case 2 -> random.pick(List.of("{", "}", "", "{\"version\":\"2.0\",\"body\":\"x\"\"")).getBytes(StandardCharsets.UTF_8);
            case 3 -> ("{\"version\":\"2.0\"," + "[".repeat(2_000 + random.nextInt(20_000))).getBytes(StandardCharsets.UTF_8);
            case 4 -> {
                int depth = 1_001 + random.nextInt(5_000);
                yield ("{\"version\":\"2.0\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                byte[] valid = JsonEdits.bytes(FuzzEvents.event("POST", "/v1/users/" + user + "/memories/search", "application/json",
                        "{\"query\":\"seats\"}", false, user));
                yield JsonEdits.insert(valid, random.invalidUtf8(), random.nextInt(valid.length));
            }
        };
        return new FuzzedEvent("undecodable", bean, event);
    }

    private FuzzedEvent notAnHttpEvent() {
        String bean = random.pick(BEANS);
        // A well-formed add request, then one structural defect that leaves no way to serve it.
        ObjectNode event = FuzzEvents.event("POST", "/v1/users/" + user + "/memories",
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
                event.set("headers", JsonEdits.JSON.createObjectNode().put("content_type", "application/json"));
                defect = "no content-type header";
            }
            case 5 -> {
                event.set("body", JsonEdits.JSON.createObjectNode().put("messages", "not a string body"));
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
                ObjectNode scheduledLookalike = JsonEdits.JSON.createObjectNode();
                scheduledLookalike.put("source", "aws.events");
                scheduledLookalike.put("detail-type", "Scheduled Event");
                scheduledLookalike.set("requestContext", event.get("requestContext"));
                event = scheduledLookalike;
                defect = "scheduled event with a requestContext";
            }
        }
        return new FuzzedEvent("not-an-http-event:" + defect, bean, JsonEdits.bytes(event));
    }

    private FuzzedEvent unknownRoute() {
        String bean = random.pick(BEANS);
        String base = "/v1/users/" + user;
        List<String[]> candidates = List.of(
                new String[]{random.pick(List.of("GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")), base + "/memories/search"},
                new String[]{random.pick(List.of("GET", "PUT", "DELETE", "PATCH")), "/v1/memories/search/batch"},
                new String[]{random.pick(List.of("GET", "PUT", "DELETE", "PATCH")), base + "/cache/invalidate"},
                new String[]{random.pick(List.of("POST", "PATCH", "OPTIONS")), base + "/memories/" + UUID.randomUUID()},
                new String[]{random.pick(List.of("POST", "PUT", "DELETE", "PATCH")), base + "/memories/" + UUID.randomUUID() + "/history"},
                new String[]{random.pick(List.of("POST", "DELETE", "PATCH")), base + "/context"},
                new String[]{random.pick(List.of("GET", "POST", "DELETE")), base + "/preferences"},
                new String[]{random.pick(List.of("GET", "POST", "PUT", "DELETE", "get", "post", "FOO", "")), random.pick(List.of(
                        "/", "", "/v1", "/v1/users", "/v1/users/" + user, base + "/memories/", base + "//memories",
                        "/v1/users//memories", base + "/memories/search/", base + "/memories/../memories",
                        "/v1/users/" + user + "/../../etc/passwd", "/v2/users/" + user + "/memories", base + "/MEMORIES",
                        base + "/memories/" + UUID.randomUUID() + "/history/extra", "/v1/memories/search/batch/",
                        "/../../../../etc/passwd", base + "/memories%2Fsearch", "/v1/users/" + user + "/cache/invalidate/all",
                        base + "/" + "a".repeat(5_000), "/v1/users/\u00e9\u00e8/memories/x/y/z", base + "/memories?x=1",
                        "/%zz/" + user))});
        String[] route = random.pick(candidates);
        String method = route[0];
        String path = route[1];
        // A body that would be valid for the route, so that only the route or method is wrong.
        String body = method.equals("GET") || method.equals("HEAD") ? null : "{\"query\":\"x\"}";
        ObjectNode event = FuzzEvents.event(method, path, "application/json", body, false, user);
        return new FuzzedEvent("route:" + (method.isEmpty() ? "<none>" : method), bean, JsonEdits.bytes(event));
    }

    private FuzzedEvent badIdentity() {
        BodyRoute route = random.pick(bodyRoutes);
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
        ObjectNode event = FuzzEvents.event(method, path, "application/json", body, false, user);
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
                ((ObjectNode) context.path("authorizer").path("jwt").path("claims")).put("sub", random.pick(List.of(
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
                ((ObjectNode) context.path("authorizer").path("jwt")).set("scopes", JsonEdits.JSON.createArrayNode()
                        .add(random.pick(List.of("memory/Admin", "memory/admin ", "memory", "admin", "memory/admins"))));
                category = "identity:almost-admin";
            }
            default -> {
                ((ObjectNode) context.path("authorizer").path("jwt").path("claims")).put("sub", "someone-else");
                category = "identity:other-user-destructive";
            }
        }
        return new FuzzedEvent(category, bean, JsonEdits.bytes(event));
    }

    private FuzzedEvent badPathParameters() {
        String badUser = random.pick(List.of("", ".", "..", "a b", "ü-user", "user/../../etc", "x".repeat(129), "user\u0000", "user%00",
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
            return new FuzzedEvent("path:bad-user-id", r[0], JsonEdits.bytes(FuzzEvents.event(r[1], r[2], "application/json", r[3], false, badUser)));
        }
        String badId = random.pick(List.of("not-a-uuid", "123", UUID.randomUUID() + "x", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                "00000000-0000-0000-0000-00000000000g", "' OR '1'='1", "{}", "%00", "*", "ffffffff-ffff-ffff-ffff-ffffffffffffff"));
        String base = "/v1/users/" + user + "/memories/" + badId;
        String[][] memoryRoutes = {{"GET", base, null}, {"DELETE", base, null}, {"GET", base + "/history", null},
                {"PUT", base, "{\"memory\":\"Prefers aisle seats\"}"}, {"GET", "/v1/users/" + user + "/context?type=" + badId, null}};
        String[] r = memoryRoutes[random.nextInt(memoryRoutes.length)];
        if (r[1].contains("?type=")) {
            ObjectNode event = FuzzEvents.event("GET", "/v1/users/" + user + "/context", "application/json", null, false, user);
            event.put("rawQueryString", "type=" + badId);
            event.putObject("queryStringParameters").put("type", badId);
            return new FuzzedEvent("path:bad-context-type", FunctionBeans.CONTEXT, JsonEdits.bytes(event));
        }
        return new FuzzedEvent("path:bad-memory-id", FunctionBeans.MANAGE, JsonEdits.bytes(FuzzEvents.event(r[0], r[1], "application/json", r[2], false, user)));
    }

    /**
     * A list cursor that is base64 of the right shape but names what no issued cursor names: times at the edges of
     * what Java and PostgreSQL hold, negative or huge nanoseconds, a part missing or extra, a broken id.
     */
    private FuzzedEvent craftedCursor() {
        long seconds = switch (random.nextInt(5)) {
            case 0 -> Long.MAX_VALUE - random.nextInt(1000);
            case 1 -> -62_135_596_800L - 1 - random.nextInt(1_000_000_000);
            case 2 -> 9_999_999_999_999L + random.nextInt(1_000_000_000);
            case 3 -> -(long) random.nextInt(1_000_000_000);
            default -> 4_102_444_800L + random.nextInt(1_000_000_000);
        };
        String nanos = random.pick(List.of("0", "-1", "1000000000", "999999999", "x"));
        String id = random.pick(List.of(UUID.randomUUID().toString(), "not-a-uuid", ""));
        String raw = switch (random.nextInt(3)) {
            case 0 -> seconds + ":" + nanos + ":" + id;
            case 1 -> seconds + ":" + nanos;
            default -> seconds + ":" + nanos + ":" + id + ":" + random.nextInt(10);
        };
        String cursor = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        ObjectNode event = FuzzEvents.event("GET", "/v1/users/" + user + "/memories", "application/json", null, false, user);
        event.put("rawQueryString", "cursor=" + cursor);
        event.putObject("queryStringParameters").put("cursor", cursor);
        return new FuzzedEvent("query:crafted-cursor", FunctionBeans.MANAGE, JsonEdits.bytes(event));
    }
}

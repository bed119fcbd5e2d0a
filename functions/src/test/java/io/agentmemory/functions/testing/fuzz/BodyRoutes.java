package io.agentmemory.functions.testing.fuzz;

import io.agentmemory.functions.FunctionBeans;
import io.agentmemory.functions.testing.fuzz.BodyRoute.LimitedArray;
import io.agentmemory.functions.testing.fuzz.BodyRoute.LimitedText;
import io.agentmemory.functions.testing.fuzz.BodyRoute.TypedField;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The routes that take a JSON body, each with a valid request and the limits and types its fields have. */
public final class BodyRoutes {

    static final List<Object> NOT_A_STRING = List.of(123, true, Map.of("a", 1), List.of(1, 2), 1.5);
    static final List<Object> NOT_AN_INT = List.of("10", true, Map.of("a", 1), List.of(1), 10.5);
    static final List<Object> NOT_A_NUMBER = List.of("0.5", true, Map.of("a", 1), List.of(0.5));
    static final List<Object> NOT_A_BOOLEAN = List.of("true", 1, Map.of("a", 1), List.of(true));
    static final List<Object> NOT_A_LIST = List.of("x", 1, Map.of("a", 1), true);
    static final List<Object> NOT_AN_OBJECT = List.of("x", 1, List.of(1), true);
    static final List<Object> NOT_AN_INSTANT = List.of("next tuesday", true, Map.of("a", 1), List.of("x"));
    /** Expiries at the edges: in the past (down to the earliest instant), or past year 9999 (up to the latest). */
    static final List<Object> OUT_OF_RANGE_INSTANTS = generated(48, random -> switch (random.nextInt(4)) {
        case 0 -> java.time.Instant.ofEpochSecond(-(long) random.nextInt(Integer.MAX_VALUE)).toString();
        case 1 -> java.time.Instant.now().minusSeconds(1 + random.nextInt(1_000_000)).toString();
        case 2 -> java.time.Instant.parse("9999-12-31T23:59:59Z").plusSeconds(1 + random.nextInt(Integer.MAX_VALUE)).toString();
        default -> random.nextBoolean() ? java.time.Instant.MAX.minusSeconds(random.nextInt(1000)).toString()
                : java.time.Instant.MIN.plusSeconds(random.nextInt(1000)).toString();
    });
    /** Numbers at the edges of JSON's usual range: beyond a double's largest and smallest, and beyond its precision. */
    static final List<Object> NUMBERS_A_DOUBLE_WOULD_ALTER = generated(48, random -> switch (random.nextInt(3)) {
        case 0 -> new java.math.BigDecimal((random.nextBoolean() ? "-" : "") + (1 + random.nextInt(9)) + "e" + (309 + random.nextInt(5000)));
        case 1 -> new java.math.BigDecimal((1 + random.nextInt(9)) + "e-" + (325 + random.nextInt(5000)));
        default -> new java.math.BigDecimal("1." + "0".repeat(17 + random.nextInt(30)) + (1 + random.nextInt(9)));
    });

    private BodyRoutes() {
    }

    private static List<Object> generated(int count, java.util.function.Function<java.util.Random, Object> value) {
        java.util.Random random = new java.util.Random(20_261_206L + count);
        List<Object> values = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(value.apply(random));
        }
        return List.copyOf(values);
    }

    /** Every route with a body, its templates addressed to {@code user}. */
    public static List<BodyRoute> forUser(String user) {
        String memories = "/v1/users/" + user + "/memories";
        return List.of(
                new BodyRoute(FunctionBeans.ADD, "POST", memories, () -> JsonEdits.object("""
                        {"messages":[{"role":"user","content":"I prefer window seats"},{"role":"assistant","content":"Noted"}],
                         "sessionId":"s1","metadata":{"k":"v"},"categories":["travel"],"infer":true,
                         "expiresAt":"2099-01-01T00:00:00Z"}"""),
                        List.of("/messages", "/messages/0/role", "/messages/0/content"),
                        List.of(new TypedField("/messages", NOT_A_LIST), new TypedField("/messages/0", NOT_AN_OBJECT),
                                new TypedField("/messages/0/role", NOT_A_STRING), new TypedField("/messages/0/content", NOT_A_STRING),
                                new TypedField("/sessionId", NOT_A_STRING), new TypedField("/metadata", NOT_AN_OBJECT),
                                new TypedField("/categories", NOT_A_LIST), new TypedField("/categories/0", NOT_A_STRING),
                                new TypedField("/infer", NOT_A_BOOLEAN), new TypedField("/expiresAt", NOT_AN_INSTANT),
                                new TypedField("/expiresAt", OUT_OF_RANGE_INSTANTS),
                                new TypedField("/metadata/k", NUMBERS_A_DOUBLE_WOULD_ALTER)),
                        List.of("", "/messages/0"),
                        List.of(new LimitedText("/messages/0/content", 8_000), new LimitedText("/sessionId", 128),
                                new LimitedText("/categories/0", 64)),
                        List.of(new LimitedArray("/messages", 50), new LimitedArray("/categories", 20)),
                        List.of("/metadata"), false),
                new BodyRoute(FunctionBeans.SEARCH, "POST", memories + "/search", () -> JsonEdits.object("""
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
                new BodyRoute(FunctionBeans.BATCH_SEARCH, "POST", "/v1/memories/search/batch", () -> JsonEdits.object("""
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
                new BodyRoute(FunctionBeans.MANAGE, "PUT", memories + "/" + UUID.randomUUID(), () -> JsonEdits.object("""
                        {"memory":"Prefers aisle seats","metadata":{"k":"v"},"categories":["flights"]}"""),
                        List.of("/memory", "/metadata", "/categories"),
                        List.of(new TypedField("/memory", NOT_A_STRING), new TypedField("/metadata", NOT_AN_OBJECT),
                                new TypedField("/categories", NOT_A_LIST), new TypedField("/categories/0", NOT_A_STRING)),
                        List.of(""),
                        List.of(new LimitedText("/memory", 8_000), new LimitedText("/categories/0", 64)),
                        List.of(new LimitedArray("/categories", 20)),
                        List.of("/metadata"), false),
                new BodyRoute(FunctionBeans.CONTEXT, "PUT", "/v1/users/" + user + "/preferences", () -> JsonEdits.object("""
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
}

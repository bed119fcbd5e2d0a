package io.agentmemory.functions.testing.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.functions.FunctionBeans;
import io.agentmemory.functions.testing.fuzz.BodyRoute.LimitedArray;
import io.agentmemory.functions.testing.fuzz.BodyRoute.LimitedText;
import io.agentmemory.functions.testing.fuzz.BodyRoute.TypedField;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Breaks the body of a valid request: malformed JSON, wrong types, missing and unknown fields, strings and arrays
 * over the limits, deep nesting, NUL and lone surrogates, invalid UTF-8, base64 bodies, wrong content types.
 */
final class BodyFuzzer {

    private final FuzzRandom random;
    private final String user;
    private final List<BodyRoute> bodyRoutes;

    BodyFuzzer(FuzzRandom random, String user, List<BodyRoute> bodyRoutes) {
        this.random = random;
        this.user = user;
        this.bodyRoutes = bodyRoutes;
    }

    /** A valid request to a body route with one defect in its body, encoding or content type. */
    FuzzedEvent next() {
        BodyRoute route = random.pick(bodyRoutes);
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
            text = body + random.pick(List.of("}", "x", "{}", "[]", " 1", ",", "]", "\"", "null"));
        } else if (dice < 26) {
            kind = "syntax";
            String s = body.toString();
            text = switch (random.nextInt(5)) {
                case 0 -> s.replaceFirst("\"", "'");
                case 1 -> JsonEdits.removeNth(s, ':', random.nextInt(JsonEdits.count(s, ':')));
                case 2 -> "{/* comment */" + s.substring(1);
                case 3 -> "{\"" + body.fieldNames().next() + "\":null," + s.substring(1); // duplicate key
                default -> s.replaceFirst(":", ":NaN,");
            };
        } else if (dice < 40) {
            TypedField field = random.pick(route.typedFields());
            kind = "wrong-type:" + field.pointer();
            JsonEdits.set(body, field.pointer(), JsonEdits.JSON.valueToTree(random.pick(field.wrongValues())));
            text = body.toString();
        } else if (dice < 46) {
            String pointer = random.pick(route.requiredFields());
            kind = "missing:" + pointer;
            if (route.bean().equals(FunctionBeans.MANAGE)) {
                body.removeAll(); // an update needs at least one of its fields
            } else {
                JsonEdits.remove(body, pointer);
            }
            text = body.toString();
        } else if (dice < 54) {
            String pointer = random.pick(route.records());
            kind = "unknown-field:" + (pointer.isEmpty() ? "/" : pointer);
            ((ObjectNode) body.at(pointer)).put(random.pick(List.of("mesages", "user_id", "userId", "__proto__", "constructor",
                    "x" + random.nextInt(1000), "Query", "limit ", "ROLE", "extra")), "value");
            text = body.toString();
        } else if (dice < 62 && !route.texts().isEmpty()) {
            LimitedText field = random.pick(route.texts());
            kind = "too-long:" + field.pointer();
            JsonEdits.set(body, field.pointer(), JsonEdits.JSON.getNodeFactory().textNode(random.longText(field.max() + 1 + random.nextInt(field.max() * 2))));
            text = body.toString();
        } else if (dice < 68 && !route.arrays().isEmpty()) {
            LimitedArray field = random.pick(route.arrays());
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
            String pointer = random.pick(route.metadata());
            int depth = 33 + random.nextInt(3_000);
            kind = "deep:" + pointer;
            JsonEdits.set(body, pointer, JsonEdits.JSON.getNodeFactory().textNode("__DEEP__"));
            text = body.toString().replace("\"__DEEP__\"", "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
        } else if (dice < 79 && !route.perItemValidation() && !route.texts().isEmpty()) {
            LimitedText field = random.pick(route.texts());
            kind = "bad-text:" + field.pointer();
            JsonEdits.set(body, field.pointer(), JsonEdits.JSON.getNodeFactory().textNode("__BAD__"));
            text = body.toString().replace("__BAD__", random.pick(List.of("a\\u0000b", "\\u0000", "x\\ud800y", "\\udfff",
                    "trip \\ud83d", "\\ud83d\\ud83d")));
        } else if (dice < 83 && (route.bean().equals(FunctionBeans.SEARCH) || route.bean().equals(FunctionBeans.ADD))) {
            kind = "out-of-range";
            if (route.bean().equals(FunctionBeans.SEARCH)) {
                if (random.nextBoolean()) {
                    body.put("limit", random.pick(List.of(0, -1, 101, 1_000_000, Integer.MAX_VALUE, Integer.MIN_VALUE)));
                } else {
                    body.put("threshold", random.pick(List.of(-0.01, 1.01, 2.0, -1e300, 1e300)));
                }
            } else {
                switch (random.nextInt(4)) {
                    case 0 -> ((ArrayNode) body.get("messages")).removeAll();
                    case 1 -> ((ObjectNode) body.at("/messages/0")).put("role", random.pick(List.of("robot", "", "USER", "user ", "tool")));
                    case 2 -> ((ObjectNode) body.at("/messages/0")).put("content", random.pick(List.of("", "   ", "\n\t")));
                    default -> body.put("sessionId", "");
                }
            }
            text = body.toString();
        } else if (dice < 88) {
            kind = "invalid-utf8";
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            raw = JsonEdits.insert(bytes, random.invalidUtf8(), 1 + random.nextInt(bytes.length - 1));
            text = null;
            base64 = true;
        } else if (dice < 92) {
            kind = "bad-base64";
            base64 = true;
            text = random.pick(List.of("!!not base64!!", "e30", "e30=%", "====", "eyJxdWVyeSI6InNlYXRzIn0=\u0000", "data:application/json;base64,e30="));
        } else if (dice < 98) {
            kind = "content-type";
            contentType = random.pick(Arrays.asList("text/plain", "", "application/xml", "application/jsonx", "text/json",
                    "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", null, "json", "application/*"));
            text = body.toString();
        } else {
            kind = "over-1mb";
            JsonEdits.set(body, route.texts().isEmpty() ? "/category" : route.texts().get(0).pointer(),
                    JsonEdits.JSON.getNodeFactory().textNode(random.longText(1_100_000)));
            text = body.toString();
        }
        ObjectNode event;
        if (raw != null) {
            event = FuzzEvents.event(route.method(), route.path(), contentType, Base64.getEncoder().encodeToString(raw), true, user);
        } else if (base64 || random.nextInt(10) == 0) {
            // Sometimes a defective body comes base64-encoded, as API Gateway sends binary media types.
            String encoded = kind.equals("bad-base64") ? text : Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
            event = FuzzEvents.event(route.method(), route.path(), contentType, encoded, true, user);
            kind = kind + (kind.equals("bad-base64") ? "" : "+base64");
        } else {
            event = FuzzEvents.event(route.method(), route.path(), contentType, text, false, user);
        }
        return new FuzzedEvent("body:" + route.bean() + ":" + kind.replaceAll("/\\d+", "/i"), route.bean(), JsonEdits.bytes(event));
    }
}

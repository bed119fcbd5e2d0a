package io.agentmemory.functions.hostile;

import io.agentmemory.functions.gateway.HttpApiEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.functions.FunctionBeans;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.HttpEvents;
import io.agentmemory.functions.testing.LambdaResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Calls to the real function handlers with API Gateway v2 events, as a caller holding a given token subject. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "memory/admin";

    private Api() {
    }

    /**
     * JSON as a client sends it: UTF-8 text, except that a lone surrogate (which has no UTF-8 form) is written as the
     * JSON escape a hostile client would use ({@code \ud800}), so that it reaches the server as such.
     */
    static String json(Object value) {
        String json;
        try {
            json = JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder out = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
                out.append(c).append(json.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A path segment as a client would send it: percent-encoded. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String memories(String user) {
        return "/v1/users/" + segment(user) + "/memories";
    }

    static HttpApiEvent as(HttpApiEvent event, String token, String... scopes) {
        return token == null ? event : event.as(token, scopes);
    }

    static LambdaResponse add(String user, String token, Object body) {
        return Functions.invoke(FunctionBeans.ADD, as(HttpEvents.post(memories(user), json(body)), token));
    }

    static LambdaResponse addVerbatim(String user, String token, String... facts) {
        return add(user, token, Map.of("infer", false, "messages",
                java.util.Arrays.stream(facts).map(f -> Map.of("role", "user", "content", f)).toList()));
    }

    static LambdaResponse search(String user, String token, Object body) {
        return Functions.invoke(FunctionBeans.SEARCH, as(HttpEvents.post(memories(user) + "/search", json(body)), token));
    }

    static LambdaResponse batch(String token, List<Map<String, Object>> searches, String... scopes) {
        return Functions.invoke(FunctionBeans.BATCH_SEARCH,
                as(HttpEvents.post("/v1/memories/search/batch", json(Map.of("searches", searches))), token, scopes));
    }

    static LambdaResponse list(String user, String token) {
        return Functions.invoke(FunctionBeans.MANAGE, as(HttpEvents.get(memories(user)).query("limit", "100"), token));
    }

    static LambdaResponse get(String user, String token, String memoryId) {
        return Functions.invoke(FunctionBeans.MANAGE, as(HttpEvents.get(memories(user) + "/" + memoryId), token));
    }

    static LambdaResponse history(String user, String token, String memoryId) {
        return Functions.invoke(FunctionBeans.MANAGE, as(HttpEvents.get(memories(user) + "/" + memoryId + "/history"), token));
    }

    static LambdaResponse update(String user, String token, String memoryId, Object body) {
        return Functions.invoke(FunctionBeans.MANAGE,
                as(HttpEvents.request("PUT", memories(user) + "/" + memoryId).body(json(body)), token));
    }

    static LambdaResponse delete(String user, String token, String memoryId) {
        return Functions.invoke(FunctionBeans.MANAGE, as(HttpEvents.request("DELETE", memories(user) + "/" + memoryId), token));
    }

    static LambdaResponse deleteAll(String user, String token) {
        return Functions.invoke(FunctionBeans.MANAGE, as(HttpEvents.request("DELETE", memories(user)), token));
    }

    static LambdaResponse invalidate(String user, String token) {
        return Functions.invoke(FunctionBeans.INVALIDATE,
                as(HttpEvents.post("/v1/users/" + segment(user) + "/cache/invalidate", null), token));
    }

    static LambdaResponse context(String user, String token) {
        return Functions.invoke(FunctionBeans.CONTEXT, as(HttpEvents.get("/v1/users/" + segment(user) + "/context"), token));
    }

    static LambdaResponse preferences(String user, String token, Object body) {
        return Functions.invoke(FunctionBeans.CONTEXT,
                as(HttpEvents.request("PUT", "/v1/users/" + segment(user) + "/preferences").body(json(body)), token));
    }

    /** A problem response: the status, problem+json, and nothing internal in it. */
    static boolean isProblem(LambdaResponse response, int status) {
        return response.status() == status && "application/problem+json".equals(response.contentType())
                && response.body().path("status").asInt() == status
                && !response.rawBody().contains("Exception") && !response.rawBody().contains("io.agentmemory");
    }
}

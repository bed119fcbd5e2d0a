package io.agentmemory.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.functions.gateway.PathTemplate;
import io.agentmemory.functions.testing.DeployedTemplate;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.LambdaResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A method the HTTP API does not route on a known path reaches a function and is answered 405, with an
 * {@code Allow} naming every method the whole API routes there. The routing is read from the template as
 * CloudFormation deploys it (each path's ANY route and the function its integration names), and the events are a
 * real API Gateway event of {@code events/} with another method.
 */
class WrongMethodTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANY_METHOD = "x-amazon-apigateway-any-method";
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final Pattern ALIAS = Pattern.compile("\\$\\{(\\w+)Aliaslive}");

    /** The sample search event, as the HTTP API sends it after its JWT authorizer accepted user-123's token. */
    private static ObjectNode sampleEvent() throws Exception {
        return (ObjectNode) JSON.readTree(Files.readString(DeployedTemplate.projectRoot().resolve("events/search-memories.json")));
    }

    /** The event of {@code method rawPath} taken by the path's ANY route. */
    private static byte[] anyRouteEvent(ObjectNode event, String method, String pathTemplate, String rawPath) throws Exception {
        event.put("routeKey", "ANY " + pathTemplate);
        event.put("rawPath", rawPath);
        ObjectNode context = (ObjectNode) event.path("requestContext");
        context.put("routeKey", "ANY " + pathTemplate);
        ((ObjectNode) context.path("http")).put("method", method).put("path", rawPath);
        ObjectNode parameters = event.putObject("pathParameters");
        PathTemplate.of(pathTemplate).bind(rawPath).orElseThrow().forEach(parameters::put);
        if (parameters.isEmpty()) {
            event.remove("pathParameters");
        }
        event.remove("body");
        ((ObjectNode) event.path("headers")).remove(List.of("content-type", "content-length"));
        return JSON.writeValueAsBytes(event);
    }

    private static String beanOf(String logicalId) throws Exception {
        return DeployedTemplate.get().resource(logicalId).path("Properties").path("Environment").path("Variables")
                .path("spring_cloud_function_definition").asText();
    }

    /** The function bean the ANY route of a path invokes, from its integration's URI. */
    private static String anyRouteFunction(JsonNode pathItem) throws Exception {
        String uri = pathItem.path(ANY_METHOD).path("x-amazon-apigateway-integration").path("uri").path("Fn::Sub").asText();
        Matcher alias = ALIAS.matcher(uri);
        assertThat(alias.find()).as("the ANY route's integration names a function alias: %s", uri).isTrue();
        return beanOf(alias.group(1));
    }

    private static void assertMethodNotAllowed(LambdaResponse response, String allow) {
        assertThat(response.status()).as(response.rawBody()).isEqualTo(405);
        assertThat(response.headers()).containsEntry("allow", allow);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.body().path("type").asText()).isEqualTo("urn:agent-memory:problem:method-not-allowed");
        assertThat(response.body().path("status").asInt()).isEqualTo(405);
        assertThat(response.body().path("detail").asText()).isEqualTo("this path accepts " + allow);
    }

    @Test
    void putOnTheSearchPathIs405WithAllowPostFromTheFunctionTheTemplateRoutesItTo() throws Exception {
        String template = "/v1/users/{userId}/memories/search";
        JsonNode pathItem = DeployedTemplate.get().resource("MemoryHttpApi").path("Properties").path("Body").path("paths").path(template);
        String function = anyRouteFunction(pathItem);
        assertThat(function).isEqualTo(FunctionBeans.SEARCH);

        LambdaResponse response = Functions.invoke(function,
                anyRouteEvent(sampleEvent(), "PUT", template, "/v1/users/user-123/memories/search"));
        assertMethodNotAllowed(response, "POST");
    }

    /**
     * The one known path that a parameter of another path also fits: should API Gateway prefer
     * {@code PUT /v1/users/{userId}/memories/{memoryId}} to the search path's ANY route, the function it reaches
     * still reads the path as the search path, never as a memory named "search".
     */
    @Test
    void theSearchPathStaysTheSearchPathWhicheverFunctionGetsIt() throws Exception {
        String rawPath = "/v1/users/user-123/memories/search";
        for (String method : List.of("GET", "PUT", "DELETE")) {
            LambdaResponse response = Functions.invoke(FunctionBeans.MANAGE,
                    anyRouteEvent(sampleEvent(), method, "/v1/users/{userId}/memories/{memoryId}", rawPath));
            assertMethodNotAllowed(response, "POST");
        }
    }

    /** Every path, every method its routes do not name: the ANY route's function answers 405 and the API's Allow. */
    @Test
    void everyKnownPathAnswersEveryOtherMethod405WithTheWholeApisAllow() throws Exception {
        JsonNode paths = DeployedTemplate.get().resource("MemoryHttpApi").path("Properties").path("Body").path("paths");
        Map<String, String> sampleValues = Map.of("userId", "user-123", "memoryId", "3f0e6a1c-9a56-4a7e-8f7a-0c1d2e3f4a5b");
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            TreeSet<String> routed = new TreeSet<>();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (!method.equals(ANY_METHOD)) {
                    routed.add(method.toUpperCase(Locale.ROOT));
                }
            });
            assertThat(path.getValue().has(ANY_METHOD)).as("%s has an ANY route", path.getKey()).isTrue();
            String function = anyRouteFunction(path.getValue());
            String rawPath = PathTemplate.of(path.getKey()).expand(sampleValues);
            for (String method : METHODS) {
                if (routed.contains(method)) {
                    continue;
                }
                LambdaResponse response = Functions.invoke(function, anyRouteEvent(sampleEvent(), method, path.getKey(), rawPath));
                assertMethodNotAllowed(response, String.join(", ", routed));
                checked.add(method + " " + path.getKey());
            }
        }
        assertThat(checked).contains("PUT /v1/users/{userId}/memories/search", "PATCH /v1/users/{userId}/memories",
                "GET /mcp", "DELETE /mcp", "OPTIONS /v1/users/{userId}/context");
    }

    /** Without an authorizer in front, a caller without a token learns no more of a path than of any other: 401. */
    @Test
    void aCallerWithoutATokenGets401NotTheAllowedMethods() throws Exception {
        ObjectNode event = sampleEvent();
        ((ObjectNode) event.path("requestContext")).remove("authorizer");
        ((ObjectNode) event.path("headers")).remove("authorization");
        LambdaResponse response = Functions.invoke(FunctionBeans.SEARCH,
                anyRouteEvent(event, "PUT", "/v1/users/{userId}/memories/search", "/v1/users/user-123/memories/search"));
        assertThat(response.status()).as(response.rawBody()).isEqualTo(401);
        assertThat(response.headers()).doesNotContainKey("allow");
        assertThat(new String(JSON.writeValueAsBytes(response.body()), StandardCharsets.UTF_8)).doesNotContain("POST");
    }

    /** The methods a path takes are the same for every user: another user's path tells nothing of their data. */
    @Test
    void anotherUsersPathAnswersTheSame405() throws Exception {
        LambdaResponse response = Functions.invoke(FunctionBeans.MANAGE, anyRouteEvent(sampleEvent(), "PATCH",
                "/v1/users/{userId}/memories", "/v1/users/someone-else/memories"));
        assertMethodNotAllowed(response, "DELETE, GET, POST");
    }
}

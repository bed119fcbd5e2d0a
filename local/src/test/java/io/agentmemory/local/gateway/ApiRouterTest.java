package io.agentmemory.local.gateway;

import io.agentmemory.local.template.HttpRoute;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiRouterTest {

    private final ApiRouter router = new ApiRouter(List.of(
            new HttpRoute("POST", "/v1/users/{userId}/memories", "Add", "A"),
            new HttpRoute("POST", "/v1/users/{userId}/memories/search", "Search", "S"),
            new HttpRoute("GET", "/v1/users/{userId}/memories/{memoryId}", "Get", "G"),
            new HttpRoute("ANY", "/v1/users/{userId}/memories/{memoryId}", "AnyMemory", "M"),
            new HttpRoute("GET", "/files/{path+}", "Files", "F")));

    @Test
    void bindsPathParametersDecoded() {
        ApiRouter.RouteMatch match = router.match("POST", "/v1/users/user%40example.com/memories").orElseThrow();
        assertThat(match.route().functionId()).isEqualTo("Add");
        assertThat(match.pathParameters()).isEqualTo(Map.of("userId", "user@example.com"));
    }

    @Test
    void literalSegmentsBeatParameters() {
        assertThat(router.match("POST", "/v1/users/u1/memories/search").orElseThrow().route().functionId()).isEqualTo("Search");
    }

    @Test
    void anExactMethodBeatsAnyAndAnyCatchesTheRest() {
        assertThat(router.match("GET", "/v1/users/u1/memories/m1").orElseThrow().route().functionId()).isEqualTo("Get");
        ApiRouter.RouteMatch put = router.match("PUT", "/v1/users/u1/memories/m1").orElseThrow();
        assertThat(put.route().functionId()).isEqualTo("AnyMemory");
        assertThat(put.pathParameters()).containsEntry("memoryId", "m1");
    }

    @Test
    void aGreedyParameterTakesTheRestOfThePath() {
        ApiRouter.RouteMatch match = router.match("GET", "/files/a/b/c.txt").orElseThrow();
        assertThat(match.pathParameters()).isEqualTo(Map.of("path", "a/b/c.txt"));
    }

    @Test
    void unknownPathsMethodsAndEmptySegmentsDoNotMatch() {
        assertThat(router.match("GET", "/v1/users/u1/memories")).isEmpty();
        assertThat(router.match("POST", "/v1/users//memories")).isEmpty();
        assertThat(router.match("POST", "/v1/users/u1/memories/")).isEmpty();
        assertThat(router.match("GET", "/nothing")).isEmpty();
    }

    @Test
    void theDefaultRouteCatchesWhatNothingElseMatches() {
        ApiRouter withDefault = new ApiRouter(List.of(
                new HttpRoute("ANY", HttpRoute.DEFAULT_PATH, "Fallback", "D"),
                new HttpRoute("GET", "/health", "Health", "H")));
        assertThat(withDefault.match("GET", "/health").orElseThrow().route().functionId()).isEqualTo("Health");
        assertThat(withDefault.match("DELETE", "/anything/else").orElseThrow().route().functionId()).isEqualTo("Fallback");
    }
}

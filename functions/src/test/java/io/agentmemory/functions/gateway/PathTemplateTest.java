package io.agentmemory.functions.gateway;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathTemplateTest {

    private final PathTemplate memory = PathTemplate.of("/v1/users/{userId}/memories/{memoryId}");

    @Test
    void bindsEachParameterToOneSegmentAsReceived() {
        assertThat(memory.bind("/v1/users/user%40example.com/memories/m1"))
                .contains(Map.of("userId", "user%40example.com", "memoryId", "m1"));
        assertThat(PathTemplate.decode("user%40example.com")).isEqualTo("user@example.com");
    }

    @Test
    void literalsMatchAsReceivedAndSegmentsMustLineUp() {
        assertThat(memory.bind("/v1/users/u1/memorie%73/m1")).isEmpty();
        assertThat(memory.bind("/v1/users/u1/memories")).isEmpty();
        assertThat(memory.bind("/v1/users/u1/memories/m1/history")).isEmpty();
        assertThat(memory.bind("/v1/users//memories/m1")).isEmpty();
    }

    @Test
    void aGreedyLastParameterTakesTheRestOfThePath() {
        PathTemplate files = PathTemplate.of("/files/{path+}");
        assertThat(files.bind("/files/a/b%20c/d.txt")).contains(Map.of("path", "a/b%20c/d.txt"));
        assertThat(files.bind("/files/")).isEmpty();
    }

    @Test
    void aPathKeepsPlusLiterallyAndABadEncodingIsRefused() {
        assertThat(PathTemplate.decode("a+b")).isEqualTo("a+b");
        assertThatThrownBy(() -> PathTemplate.decode("%zz")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTemplateNamesItsParametersAndExpandsToAPathItBindsBack() {
        assertThat(memory.parameterNames()).containsExactly("userId", "memoryId");
        String path = memory.expand(Map.of("userId", "ana maria@example.com", "memoryId", "m/1"));
        assertThat(path).isEqualTo("/v1/users/ana%20maria%40example.com/memories/m%2F1");
        assertThat(memory.bind(path).orElseThrow().get("userId")).isEqualTo("ana%20maria%40example.com");
        assertThat(PathTemplate.of("/files/{path+}").expand(Map.of("path", "a/b c"))).isEqualTo("/files/a/b%20c");
        assertThatThrownBy(() -> memory.expand(Map.of("userId", "u1"))).isInstanceOf(IllegalArgumentException.class);
    }

    /** Of the templates one path fits, the literal one is that path: "search" is never a memory id. */
    @Test
    void aLiteralSegmentIsMoreSpecificThanAParameterAndAGreedyOneIsTheLastResort() {
        PathTemplate search = PathTemplate.of("/v1/users/{userId}/memories/search");
        String path = "/v1/users/u1/memories/search";
        assertThat(search.bind(path)).isPresent();
        assertThat(memory.bind(path)).isPresent();
        assertThat(search.specificity()).isGreaterThan(memory.specificity());
        assertThat(PathTemplate.of("/v1/{rest+}").specificity()).isLessThan(PathTemplate.of("/v1/{a}/{b}/{c}/{d}").specificity());
    }
}

package io.agentmemory.bench.systems;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's environments are configured per function as template.yaml deploys them (at its default pool size of 2). */
class ServiceSystemSettingsTest {

    @Test
    void eachFunctionsOwnSettingsAreTheTemplates() throws Exception {
        String template = Files.readString(projectRoot().resolve("template.yaml"));
        Map<String, String> resourceOf = Map.of(ServiceSystem.SEARCH_FUNCTION, "SearchMemoriesFunction",
                ServiceSystem.ADD_FUNCTION, "AddMemoriesFunction");
        assertThat(ServiceSystem.SETTINGS_OF_ONE_FUNCTION.keySet()).isEqualTo(resourceOf.keySet());
        for (Map.Entry<String, String> function : resourceOf.entrySet()) {
            assertThat(resourceBlock(template, function.getValue())).as(function.getValue())
                    .contains("DB_CALLER_THREAD_CONNECTION: !If [DatabasePoolOfOne, \"false\", \"true\"]");
            assertThat(ServiceSystem.SETTINGS_OF_ONE_FUNCTION.get(function.getKey())).as(function.getKey())
                    .containsEntry("DB_CALLER_THREAD_CONNECTION", "true");
        }
    }

    /** The lines of one resource, from its name to the next resource at the same indentation. */
    private static String resourceBlock(String template, String resource) {
        int start = template.indexOf("\n  " + resource + ":\n");
        assertThat(start).as(resource + " in template.yaml").isNotNegative();
        int end = template.length();
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("\n  [A-Za-z0-9]+:\n").matcher(template);
        if (next.find(start + 1)) {
            end = next.start();
        }
        return template.substring(start, end);
    }

    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("template.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
    }
}

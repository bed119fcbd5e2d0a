package io.agentmemory.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.functions.testing.DeployedTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sam build} works: every function is built by the project's Makefile (Metadata: BuildMethod: makefile), and
 * the Makefile, run exactly as SAM runs it ({@code make build-<LogicalId>} in the CodeUri directory with
 * {@code ARTIFACTS_DIR} set), leaves the shaded jar where Lambda's Java runtime loads it. Runs after
 * {@code package}, so make finds the jar up to date and only copies it (SAM CLI itself is not installed here).
 */
class SamBuildIT {

    private static final Path JAR = Path.of("target", "memory-functions-aws.jar");

    @org.junit.jupiter.api.BeforeAll
    static void makeIsInstalled() {
        boolean installed = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "make")));
        org.junit.jupiter.api.Assumptions.assumeTrue(installed,
                "make is not installed on this machine (apt-get install make), so the sam build step was not run");
    }

    @Test
    void makeBuildsEveryFunctionOfTheTemplateTheWaySamBuildRunsIt(@TempDir Path artifacts) throws Exception {
        Map<String, JsonNode> functions = DeployedTemplate.get().resources("AWS::Lambda::Function");
        assertThat(functions).isNotEmpty();
        for (Map.Entry<String, JsonNode> function : functions.entrySet()) {
            assertThat(function.getValue().path("Metadata").path("BuildMethod").asText())
                    .as("%s is built by the Makefile", function.getKey()).isEqualTo("makefile");

            Path functionArtifacts = artifacts.resolve(function.getKey());
            Files.createDirectories(functionArtifacts);
            List<String> make = new ArrayList<>(List.of("make", "--no-print-directory", "-C",
                    DeployedTemplate.projectRoot().toString(), "build-" + function.getKey()));
            ProcessBuilder builder = new ProcessBuilder(make).redirectErrorStream(true);
            builder.environment().put("ARTIFACTS_DIR", functionArtifacts.toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();

            Path built = functionArtifacts.resolve("lib").resolve(JAR.getFileName());
            assertThat(built).as("%s's code", function.getKey()).exists();
            assertThat(Files.mismatch(built, JAR)).as("the packaged jar, unchanged").isEqualTo(-1L);
        }
    }

    @Test
    void makeWithoutArtifactsDirSaysWhatIsMissing() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("make", "--no-print-directory", "-C",
                DeployedTemplate.projectRoot().toString(), "build-SearchMemoriesFunction").redirectErrorStream(true);
        builder.environment().remove("ARTIFACTS_DIR");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("ARTIFACTS_DIR is not set");
    }

    @Test
    void samconfigBuildsInSourceAndLintsOnValidate() throws Exception {
        // Python's own TOML reader: the file must be valid TOML for the SAM CLI to read it at all.
        Process read = new ProcessBuilder("python3", "-c", """
                import sys, tomllib, json
                print(json.dumps(tomllib.load(open(sys.argv[1], "rb"))))""",
                DeployedTemplate.projectRoot().resolve("samconfig.toml").toString()).redirectErrorStream(true).start();
        String json = new String(read.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(read.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(read.exitValue()).as(json).isZero();
        JsonNode config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(config.path("default").path("build").path("parameters").path("build_in_source").asBoolean()).isTrue();
        assertThat(config.path("default").path("validate").path("parameters").path("lint").asBoolean()).isTrue();
        assertThat(config.path("default").path("deploy").path("parameters").path("capabilities").asText())
                .contains("CAPABILITY_IAM");
    }
}

package io.agentmemory.functions.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's template.yaml as CloudFormation deploys it: {@code scripts/sam-transform.py} applies the SAM
 * transform with the translator cfn-lint ships (what {@code sam validate --lint} runs), so tests assert on the
 * resources SAM generates (aliases, schedules, permissions), not on the shorthand that produces them.
 */
public final class DeployedTemplate {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static DeployedTemplate transformed;

    private final JsonNode root;

    private DeployedTemplate(JsonNode root) {
        this.root = root;
    }

    /** The transformed project template; the transform runs once per test JVM. */
    public static synchronized DeployedTemplate get() throws IOException, InterruptedException {
        if (transformed == null) {
            Path projectRoot = projectRoot();
            Process transform;
            try {
                transform = new ProcessBuilder("python3", projectRoot.resolve("scripts/sam-transform.py").toString(),
                        projectRoot.resolve("template.yaml").toString()).start();
            } catch (IOException noPython) {
                Assumptions.abort("python3 is not installed, so the SAM transform cannot run: " + noPython.getMessage());
                return null;
            }
            byte[] output = transform.getInputStream().readAllBytes();
            String errors = new String(transform.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!transform.waitFor(2, TimeUnit.MINUTES)) {
                transform.destroyForcibly();
                throw new AssertionError("the SAM transform did not finish");
            }
            Assumptions.assumeFalse(errors.contains("No module named"),
                    "cfn-lint (which ships the SAM translator) is not installed: " + errors);
            if (transform.exitValue() != 0) {
                throw new AssertionError("the SAM transform rejected template.yaml:\n" + errors);
            }
            transformed = new DeployedTemplate(JSON.readTree(output));
        }
        return transformed;
    }

    public static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml"))) {
                return dir;
            }
        }
        throw new AssertionError("template.yaml not found above " + Path.of("").toAbsolutePath());
    }

    public JsonNode root() {
        return root;
    }

    public JsonNode resource(String logicalId) {
        JsonNode resource = root.path("Resources").path(logicalId);
        if (resource.isMissingNode()) {
            throw new AssertionError("the deployed template has no resource " + logicalId + "; it has "
                    + JSON.convertValue(root.path("Resources"), Map.class).keySet());
        }
        return resource;
    }

    /** Every resource of a CloudFormation type, by logical id, in template order. */
    public Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        root.path("Resources").fields().forEachRemaining(entry -> {
            if (type.equals(entry.getValue().path("Type").asText())) {
                found.put(entry.getKey(), entry.getValue());
            }
        });
        return found;
    }

    public JsonNode parameter(String name) {
        JsonNode parameter = root.path("Parameters").path(name);
        if (parameter.isMissingNode()) {
            throw new AssertionError("the template has no parameter " + name);
        }
        return parameter;
    }
}

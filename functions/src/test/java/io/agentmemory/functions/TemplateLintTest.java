package io.agentmemory.functions;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SAM template passes the CloudFormation linter, SAM transform included: cfn-lint expands the serverless
 * resources as CloudFormation would and checks the result against the resource specifications. Clean means no
 * errors, no warnings and no informational findings either (those are off by default and switched on here).
 */
class TemplateLintTest {

    /** cfn-lint's exit status is a bit set: 2 errors, 4 warnings, 8 informational findings. */
    private static final int ERRORS = 2;
    private static final int WARNINGS = 4;
    private static final int INFORMATIONAL = 8;

    @Test
    void templatePassesCfnLintWithoutAnyFinding() throws Exception {
        Path template = projectTemplate();
        Process lint;
        try {
            lint = new ProcessBuilder("cfn-lint", "--format", "parseable", "--include-checks", "I", "--", template.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            Assumptions.abort("cfn-lint is not installed on this machine (pip install cfn-lint), so the template "
                    + "was not linted: " + notInstalled.getMessage());
            return;
        }
        String findings = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(5, TimeUnit.MINUTES)).as("cfn-lint finished").isTrue();
        int status = lint.exitValue();

        assertThat(status & ERRORS).as("cfn-lint errors:%n%s", findings).isZero();
        assertThat(status & WARNINGS).as("cfn-lint warnings:%n%s", findings).isZero();
        assertThat(status & INFORMATIONAL).as("cfn-lint informational findings:%n%s", findings).isZero();
        assertThat(status).as("cfn-lint itself failed (status %d):%n%s", status, findings).isZero();
        assertThat(findings).isBlank();
    }

    private static Path projectTemplate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml"))) {
                return dir.resolve("template.yaml");
            }
        }
        throw new AssertionError("template.yaml not found above " + Path.of("").toAbsolutePath());
    }
}

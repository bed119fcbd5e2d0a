package io.agentmemory.local;

import io.agentmemory.engine.testing.TestServices;
import io.agentmemory.local.template.SamTemplate;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A local invoke with the database unreachable says so in one line, before the function's init fails. */
class DatabasePreflightTest {

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUnreachableDatabaseIsOneLineNamingItsAddress() throws Exception {
        int port = closedPort();
        String problem = DatabasePreflight.problem(Map.of("DATABASE_URL", "postgresql://postgres@127.0.0.1:" + port + "/memory"))
                .orElseThrow();
        assertThat(problem).contains("127.0.0.1:" + port, "DATABASE_URL").doesNotContain("\n");
    }

    @Test
    void theTestDatabaseAnswers() {
        assertThat(DatabasePreflight.problem(Map.of("DATABASE_URL", TestServices.get().databaseUrl().toUrl()))).isEmpty();
    }

    @Test
    void theRunnersInvokePrintsOneClearLineAndFails() throws Exception {
        Path projectRoot = SamTemplate.find(Path.of("")).orElseThrow().getParent();
        ProcessBuilder runner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalRunner.class.getName(),
                "invoke", "SearchMemoriesFunction", "-e", "events/search-memories.json").directory(projectRoot.toFile());
        runner.environment().put("DATABASE_URL", "postgresql://postgres@127.0.0.1:" + closedPort() + "/postgres");
        runner.environment().put("REDIS_URL", TestServices.get().redisUrl());
        Process process = runner.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(stdout).as("no response").isBlank();
        assertThat(stderr).hasSize(1);
        assertThat(stderr.get(0)).startsWith("error: cannot reach PostgreSQL at 127.0.0.1:");
    }
}

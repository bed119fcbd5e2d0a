package io.agentmemory.functions.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.engine.api.StoreUnavailableException;
import io.agentmemory.functions.FunctionBeans;
import io.agentmemory.functions.testing.DeployedTemplate;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.LambdaContext;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A sweep that cannot run fails its invocation: the real handler, fed the event the template's schedule sends
 * (events/scheduled-sweep.json), with the database unreachable, throws instead of answering a 503 nobody reads.
 */
class ScheduledSweepFailureTest {

    private static final Path EVENT = DeployedTemplate.projectRoot().resolve("events/scheduled-sweep.json");

    @Test
    void theSweepWithTheDatabaseUnreachableThrowsThroughTheHandler() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> settings = Functions.testEnvironment();
        settings.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:" + closedPort + "/postgres");
        settings.put("DB_ACQUIRE_TIMEOUT_MS", "1000");
        settings.put("CLIENT_NAME", "sweep-failure");
        FunctionInvoker invalidate = Functions.start(FunctionBeans.INVALIDATE, settings);

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        assertThatThrownBy(() -> invalidate.handleRequest(new ByteArrayInputStream(Files.readAllBytes(EVENT)), output,
                new LambdaContext(FunctionBeans.INVALIDATE, 15_000)))
                .isInstanceOf(ScheduledRunFailedException.class)
                .hasCauseInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("invalidateCache");
        assertThat(output.size()).as("no answer that could pass for a result").isZero();
    }

    @Test
    void theSweepRunsFromTheEventTheTemplatesScheduleSends() throws Exception {
        Map<String, JsonNode> schedules = DeployedTemplate.get().resources("AWS::Scheduler::Schedule");
        String input = schedules.values().iterator().next().path("Properties").path("Target").path("Input").asText();
        ObjectNode sent = (ObjectNode) new ObjectMapper().readTree(input
                .replace("<aws.scheduler.execution-id>", "d32c5kddcf5bb8c3")
                .replace("<aws.scheduler.scheduled-time>", "2026-11-25T09:00:00Z")
                .replace("<aws.scheduler.schedule-arn>",
                        "arn:aws:scheduler:eu-west-1:123456789012:schedule/default/memory-service-InvalidateCacheFunctionSweep-1A2B3C4D5E6F")
                .replace("<aws.scheduler.attempt-number>", "1"));
        assertThat(new ObjectMapper().readTree(Files.readAllBytes(EVENT))).as("events/scheduled-sweep.json").isEqualTo(sent);

        var response = Functions.invoke(FunctionBeans.INVALIDATE, Files.readAllBytes(EVENT));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().has("expiredMemories")).isTrue();
    }
}

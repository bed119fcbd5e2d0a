package io.agentmemory.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.HttpEvents;
import io.agentmemory.functions.testing.MetricLogLines;
import org.crac.Core;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first invocation after a SnapStart restore says so in its log line (a Restores metric, "start": "restore"),
 * and the invocations after it do not: the restore cycle runs in-process through org.crac's test runtime, the log
 * line is the EMF line the function prints to stdout.
 */
class EnvironmentStartMetricTest {

    @Test
    void theFirstInvocationAfterARestoreCountsItAndTheNextDoesNot() throws Exception {
        FunctionInvoker search = Functions.start(FunctionBeans.SEARCH, Functions.testEnvironment());
        String user = "user-" + UUID.randomUUID();
        byte[] event = HttpEvents.post("/v1/users/" + user + "/memories/search", "{\"query\":\"window seat\"}").as(user).bytes();
        Functions.invoke(search, FunctionBeans.SEARCH, event);

        Core.checkpointRestore();
        List<JsonNode> lines = logLinesOf(() -> {
            Functions.invoke(search, FunctionBeans.SEARCH, event);
            Functions.invoke(search, FunctionBeans.SEARCH, event);
        });

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).path("start").asText()).isEqualTo("restore");
        assertThat(lines.get(0).path("Restores").asDouble()).isEqualTo(1.0);
        assertThat(metricNames(lines.get(0))).contains("Restores");
        assertThat(lines.get(1).has("start")).as("a warm invocation").isFalse();
        assertThat(metricNames(lines.get(1))).doesNotContain("Restores", "ColdStarts");
    }

    private static List<String> metricNames(JsonNode line) {
        List<String> names = new ArrayList<>();
        line.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").forEach(m -> names.add(m.path("Name").asText()));
        return names;
    }

    private static List<JsonNode> logLinesOf(Runnable work) throws Exception {
        return MetricLogLines.printedDuring(work);
    }
}

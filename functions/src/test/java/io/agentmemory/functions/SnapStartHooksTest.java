package io.agentmemory.functions;

import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.HttpEvents;
import org.crac.Core;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checkpoint/restore cycle run in-process through {@code org.crac.Core.checkpointRestore()}, backed by the
 * test runtime in {@code testing.crac} (a plain JDK can't checkpoint), the way the Lambda runtime drives it for SnapStart: before the checkpoint no connection may remain open; after restore the first invocation
 * succeeds on fresh connections.
 */
class SnapStartHooksTest {

    @Test
    void checkpointClosesEveryConnectionAndTheFirstInvocationAfterRestoreSucceeds() throws Exception {
        String clientName = "snapstart-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = Functions.testEnvironment();
        settings.put("CLIENT_NAME", clientName);
        settings.put("PRIME_ON_INIT", "true");
        FunctionInvoker search = Functions.start(FunctionBeans.SEARCH, settings);
        assertThat(WarmReuseTest.databaseConnections(clientName)).as("priming opened the pool").isPositive();

        int[] openAtCheckpoint = new int[2];
        io.agentmemory.functions.testing.crac.Core.whileCheckpointed(() -> {
            try {
                openAtCheckpoint[0] = WarmReuseTest.databaseConnections(clientName);
                openAtCheckpoint[1] = WarmReuseTest.cacheConnections(clientName);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Core.checkpointRestore();
        assertThat(openAtCheckpoint[0]).as("database connections in the snapshot").isZero();
        assertThat(openAtCheckpoint[1]).as("cache connections in the snapshot").isZero();

        String user = "user-" + UUID.randomUUID();
        var response = Functions.invoke(search, FunctionBeans.SEARCH,
                HttpEvents.post("/v1/users/" + user + "/memories/search", "{\"query\":\"window seat\"}").as(user).bytes());
        assertThat(response.status()).isEqualTo(200);
        assertThat(WarmReuseTest.databaseConnections(clientName)).isBetween(1, 2);
    }
}

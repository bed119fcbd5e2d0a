package io.agentmemory.functions;

import io.agentmemory.engine.testing.TestServices;
import io.agentmemory.functions.testing.Functions;
import io.agentmemory.functions.testing.HttpEvents;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One execution environment, many warm invocations: the pool and the cache connection are opened once and
 * reused, never more database connections than the pool's maximum (2) however many invocations run.
 */
class WarmReuseTest {

    @Test
    void manyInvocationsInOneEnvironmentUseAtMostThePoolsConnectionsAndOneCacheConnection() throws Exception {
        String clientName = "warm-reuse-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = Functions.testEnvironment();
        settings.put("CLIENT_NAME", clientName);
        FunctionInvoker add = Functions.start(FunctionBeans.ADD, settings);
        FunctionInvoker search = Functions.start(FunctionBeans.SEARCH, settings);
        String user = "user-" + UUID.randomUUID();
        int peakDatabase = 0;
        int peakCache = 0;
        for (int i = 0; i < 40; i++) {
            String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"I visited city number " + i + "\"}]}";
            assertThat(Functions.invoke(add, FunctionBeans.ADD, HttpEvents.post("/v1/users/" + user + "/memories", body).as(user).bytes())
                    .status()).isEqualTo(201);
            assertThat(Functions.invoke(search, FunctionBeans.SEARCH, HttpEvents.post("/v1/users/" + user + "/memories/search",
                    "{\"query\":\"city " + (i % 5) + "\"}").as(user).bytes()).status()).isEqualTo(200);
            peakDatabase = Math.max(peakDatabase, databaseConnections(clientName));
            peakCache = Math.max(peakCache, cacheConnections(clientName));
        }
        // Two environments (add and search), each with a pool of at most 2 and one cache connection.
        assertThat(peakDatabase).isBetween(1, 4);
        assertThat(peakCache).isBetween(1, 2);
    }

    static int databaseConnections(String clientName) throws Exception {
        try (Connection c = TestServices.get().jdbc();
             PreparedStatement s = c.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = ?")) {
            s.setString(1, clientName);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static int cacheConnections(String clientName) {
        RedisClient client = RedisClient.create(TestServices.get().redisUrl());
        try (var connection = client.connect()) {
            String list = connection.sync().clientList();
            return (int) Arrays.stream(list.split("\n")).filter(line -> line.contains(" name=" + clientName + " ")).count();
        } finally {
            client.shutdown();
        }
    }
}

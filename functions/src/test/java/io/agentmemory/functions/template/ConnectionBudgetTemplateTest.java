package io.agentmemory.functions.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.engine.config.DatabaseSettings;
import io.agentmemory.engine.config.EngineConfig;
import io.agentmemory.functions.testing.DeployedTemplate;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing the stack deploys can open more PostgreSQL connections than its parameters say: every function has a
 * reserved concurrency, every environment a pool of DatabasePoolSize, and with the defaults the sum stays well
 * inside a max_connections of 100. The README's budget table shows the same figures.
 */
class ConnectionBudgetTemplateTest {

    private static final int MAX_CONNECTIONS = 100;
    /** What stays free for the superuser, RDS's own sessions, monitoring and an operator. */
    private static final double HEADROOM = 0.25;

    @Test
    void theDefaultsCapTheFunctionsConnectionsWellInsideMaxConnections() throws Exception {
        DeployedTemplate template = DeployedTemplate.get();
        int poolSize = template.parameter("DatabasePoolSize").path("Default").asInt();
        int connections = 0;
        for (Map.Entry<String, JsonNode> function : template.resources("AWS::Lambda::Function").entrySet()) {
            JsonNode properties = function.getValue().path("Properties");
            JsonNode reserved = properties.path("ReservedConcurrentExecutions");
            assertThat(reserved.isMissingNode()).as("%s has a reserved concurrency", function.getKey()).isFalse();
            int concurrency = reserved.has("Ref")
                    ? template.parameter(reserved.path("Ref").asText()).path("Default").asInt() : reserved.asInt();
            assertThat(concurrency).isPositive();
            JsonNode variables = properties.path("Environment").path("Variables");
            int pool = variables.has("DB_POOL_MAX_SIZE") && variables.path("DB_POOL_MAX_SIZE").has("Ref")
                    ? template.parameter(variables.path("DB_POOL_MAX_SIZE").path("Ref").asText()).path("Default").asInt()
                    : variables.path("DB_POOL_MAX_SIZE").asInt(poolSize);
            connections += concurrency * pool;
        }
        assertThat(connections).isLessThanOrEqualTo((int) (MAX_CONNECTIONS * (1 - HEADROOM)));
    }

    /**
     * The search and add functions' caller's-thread connection is one of their environment's DatabasePoolSize
     * connections, so the budget above holds with it; a pool of one leaves none to give, and the function still starts.
     */
    @Test
    void theCallerThreadConnectionComesOutOfTheFunctionsPool() throws Exception {
        DeployedTemplate template = DeployedTemplate.get();
        List<String> withIt = List.of("SearchMemoriesFunction", "AddMemoriesFunction");
        JsonNode choice = null;
        for (String function : withIt) {
            JsonNode variables = template.resource(function).path("Properties").path("Environment").path("Variables");
            choice = variables.path("DB_CALLER_THREAD_CONNECTION").path("Fn::If");
            assertThat(choice.get(0).asText()).as(function).isEqualTo("DatabasePoolOfOne");
            assertThat(choice.get(1).asText()).as(function).isEqualTo("false");
            assertThat(choice.get(2).asText()).as(function).isEqualTo("true");
        }
        JsonNode poolOfOne = template.root().path("Conditions").path("DatabasePoolOfOne").path("Fn::Equals");
        assertThat(poolOfOne.get(0).path("Ref").asText()).isEqualTo("DatabasePoolSize");
        assertThat(poolOfOne.get(1).asText()).isEqualTo("1");
        JsonNode poolSize = template.parameter("DatabasePoolSize");
        for (int size = poolSize.path("MinValue").asInt(); size <= poolSize.path("MaxValue").asInt(); size++) {
            String callerThread = size == 1 ? choice.get(1).asText() : choice.get(2).asText();
            DatabaseSettings settings = EngineConfig.fromEnvironment(Map.of("DB_POOL_MAX_SIZE", Integer.toString(size),
                    "DB_CALLER_THREAD_CONNECTION", callerThread)).database();
            assertThat(settings.pooledConnections() + (settings.callerThreadConnection() ? 1 : 0)).isEqualTo(size);
        }
        for (Map.Entry<String, JsonNode> function : template.resources("AWS::Lambda::Function").entrySet()) {
            if (!withIt.contains(function.getKey())) {
                assertThat(function.getValue().path("Properties").path("Environment").path("Variables")
                        .has("DB_CALLER_THREAD_CONNECTION")).as(function.getKey()).isFalse();
            }
        }
    }

    @Test
    void theHttpApiThrottlesEveryRouteByParameter() throws Exception {
        DeployedTemplate template = DeployedTemplate.get();
        JsonNode stage = template.resources("AWS::ApiGatewayV2::Stage").values().iterator().next();
        JsonNode settings = stage.path("Properties").path("DefaultRouteSettings");
        assertThat(settings.path("ThrottlingRateLimit").path("Ref").asText()).isEqualTo("ApiThrottleRateLimit");
        assertThat(settings.path("ThrottlingBurstLimit").path("Ref").asText()).isEqualTo("ApiThrottleBurstLimit");
        assertThat(template.parameter("ApiThrottleRateLimit").path("Default").asInt()).isPositive();
    }

    @Test
    void rdsProxyIsOptionalAndGetsUnnamedStatements() throws Exception {
        DeployedTemplate template = DeployedTemplate.get();
        JsonNode proxy = template.resource("DatabaseProxy");
        assertThat(proxy.path("Type").asText()).isEqualTo("AWS::RDS::DBProxy");
        assertThat(proxy.path("Condition").asText()).isEqualTo("UseDatabaseProxy");
        assertThat(proxy.path("Properties").path("EngineFamily").asText()).isEqualTo("POSTGRESQL");
        assertThat(template.resource("DatabaseProxyTargetGroup").path("Condition").asText()).isEqualTo("UseDatabaseProxy");
        assertThat(template.parameter("DatabaseProxyTarget").path("Default").asText()).as("off by default").isEmpty();
        // Every function connects through the proxy when there is one, with unnamed statements there only.
        for (JsonNode function : template.resources("AWS::Lambda::Function").values()) {
            JsonNode variables = function.path("Properties").path("Environment").path("Variables");
            JsonNode url = variables.path("DATABASE_URL");
            if (url.has("Fn::If")) {
                assertThat(url.path("Fn::If").get(0).asText()).isEqualTo("UseDatabaseProxy");
                JsonNode statements = variables.path("DB_PREPARED_STATEMENT_CACHE").path("Fn::If");
                assertThat(statements.get(0).asText()).isEqualTo("UseDatabaseProxy");
                assertThat(statements.get(1).asText()).isEqualTo("0");
                assertThat(statements.get(2).path("Ref").asText()).isEqualTo("DatabasePreparedStatements");
            }
        }
        assertThat(template.parameter("DatabasePreparedStatements").path("Default").asInt()).as("prepared when direct").isPositive();
    }

    @Test
    void theReadmeBudgetTableShowsTheTemplatesDefaults() throws Exception {
        String readmeText = Files.readString(DeployedTemplate.projectRoot().resolve("README.md"));
        assertThat(readmeText).contains("| `MigrateSchemaFunction` | 1 (during a deploy) | 1 |");
        DeployedTemplate template = DeployedTemplate.get();
        String readme = Files.readString(DeployedTemplate.projectRoot().resolve("README.md"));
        int poolSize = template.parameter("DatabasePoolSize").path("Default").asInt();
        for (Map.Entry<String, JsonNode> function : template.resources("AWS::Lambda::Function").entrySet()) {
            String parameter = function.getValue().path("Properties").path("ReservedConcurrentExecutions").path("Ref").asText();
            JsonNode variables = function.getValue().path("Properties").path("Environment").path("Variables");
            if (!variables.path("DB_POOL_MAX_SIZE").has("Ref")) {
                continue; // a function with a pool of its own has its own row format (the migrations)
            }
            int concurrency = template.parameter(parameter).path("Default").asInt();
            Pattern row = Pattern.compile("\\| `" + function.getKey() + "` \\| " + concurrency + " \\(`" + parameter
                    + "`\\) \\| " + concurrency * poolSize + " \\|");
            assertThat(row.matcher(readme).find()).as("README budget row for %s", function.getKey()).isTrue();
        }
    }
}

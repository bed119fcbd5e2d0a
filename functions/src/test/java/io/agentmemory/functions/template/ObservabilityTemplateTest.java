package io.agentmemory.functions.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentmemory.functions.testing.DeployedTemplate;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A team can operate what the stack deploys: traces, JSON logs, alarms that cover every function and notify
 * someone, and deployments that shift traffic gradually and roll back when those alarms go off.
 */
class ObservabilityTemplateTest {

    @Test
    void everyFunctionIsTracedAndLogsJson() throws Exception {
        for (Map.Entry<String, JsonNode> function : DeployedTemplate.get().resources("AWS::Lambda::Function").entrySet()) {
            JsonNode properties = function.getValue().path("Properties");
            assertThat(properties.path("TracingConfig").path("Mode").asText()).as(function.getKey()).isEqualTo("Active");
            assertThat(properties.path("LoggingConfig").path("LogFormat").asText()).as(function.getKey()).isEqualTo("JSON");
        }
    }

    @Test
    void theFunctionAlarmsCoverEveryFunctionAndNotifyTheAlarmTopic() throws Exception {
        DeployedTemplate template = DeployedTemplate.get();
        Map<String, JsonNode> functions = template.resources("AWS::Lambda::Function");
        Set<String> beans = new HashSet<>();
        functions.values().stream()
                .map(f -> f.path("Properties").path("Environment").path("Variables").path("spring_cloud_function_definition"))
                .filter(bean -> !bean.isMissingNode()) // the migration function is no Spring function and logs no EMF line
                .forEach(bean -> beans.add(bean.asText()));

        assertThat(dimensionValues(template.resource("FunctionErrorsAlarm"), "AWS/Lambda", "Errors", "FunctionName"))
                .isEqualTo(functions.keySet());
        assertThat(dimensionValues(template.resource("FunctionThrottlesAlarm"), "AWS/Lambda", "Throttles", "FunctionName"))
                .isEqualTo(functions.keySet());
        assertThat(dimensionValues(template.resource("ServerErrorsAlarm"), "AgentMemory", "ServerErrors", "Function"))
                .as("the EMF metric's Function dimension is the bean name").isEqualTo(beans);

        JsonNode api = template.resource("ApiServerErrorsAlarm").path("Properties");
        assertThat(api.path("Namespace").asText()).isEqualTo("AWS/ApiGateway");
        assertThat(api.path("MetricName").asText()).isEqualTo("5xx");
        assertThat(api.path("Dimensions").get(0).path("Value").path("Ref").asText()).isEqualTo("MemoryHttpApi");

        for (Map.Entry<String, JsonNode> alarm : template.resources("AWS::CloudWatch::Alarm").entrySet()) {
            assertThat(alarm.getValue().path("Properties").path("AlarmActions").toString())
                    .as("%s notifies someone", alarm.getKey()).contains("AlarmTopic");
        }
    }

    @Test
    void everyFunctionShiftsTrafficGraduallyAndRollsBackOnTheAlarms() throws Exception {
        DeployedTemplate template = DeployedTemplate.get();
        for (String function : template.resources("AWS::Lambda::Function").keySet()) {
            JsonNode alias = template.resource(function + "Aliaslive");
            if (function.equals("MigrateSchemaFunction")) {
                // Its new version must run before anything else moves: the custom resource invokes it at once.
                assertThat(alias.has("UpdatePolicy")).isFalse();
                continue;
            }
            String group = alias.path("UpdatePolicy").path("CodeDeployLambdaAliasUpdate").path("DeploymentGroupName").path("Ref").asText();
            assertThat(group).as("%s's alias moves through CodeDeploy", function).isNotEmpty();
            JsonNode deployment = template.resource(group).path("Properties");
            // The transform resolves DeploymentStrategy to the value deployed (here its default, a canary).
            assertThat(deployment.path("DeploymentConfigName").toString()).contains("CodeDeployDefault.Lambda", "Canary");
            assertThat(deployment.path("AlarmConfiguration").path("Enabled").asBoolean()).isTrue();
            assertThat(deployment.path("AutoRollbackConfiguration").path("Events").toString()).contains("DEPLOYMENT_STOP_ON_ALARM");
            assertThat(deployment.path("AlarmConfiguration").path("Alarms").toString())
                    .contains("FunctionErrorsAlarm", "FunctionThrottlesAlarm", "ServerErrorsAlarm");
        }
        assertThat(template.parameter("DeploymentStrategy").path("Default").asText()).startsWith("Canary");
    }

    /** The values of one dimension across the alarm's metric-math inputs of one metric. */
    private static Set<String> dimensionValues(JsonNode alarm, String namespace, String metricName, String dimension) {
        Set<String> values = new HashSet<>();
        for (JsonNode query : alarm.path("Properties").path("Metrics")) {
            JsonNode metric = query.path("MetricStat").path("Metric");
            if (metric.path("Namespace").asText().equals(namespace) && metric.path("MetricName").asText().equals(metricName)) {
                for (JsonNode d : metric.path("Dimensions")) {
                    if (d.path("Name").asText().equals(dimension)) {
                        values.add(d.path("Value").has("Ref") ? d.path("Value").path("Ref").asText() : d.path("Value").asText());
                    }
                }
            }
        }
        return values;
    }
}

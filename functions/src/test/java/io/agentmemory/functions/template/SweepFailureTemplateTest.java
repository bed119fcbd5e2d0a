package io.agentmemory.functions.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentmemory.functions.testing.DeployedTemplate;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failing sweep pages someone: the schedule is an EventBridge Scheduler schedule with retries and a dead-letter
 * queue, the function's asynchronous invocations are retried and then parked in the same queue, and an alarm
 * watches that queue. Asserted on the template as CloudFormation receives it (after the SAM transform).
 */
class SweepFailureTemplateTest {

    @Test
    void theSweepRunsOnEventBridgeSchedulerWithRetriesAndADeadLetterQueue() throws Exception {
        DeployedTemplate template = DeployedTemplate.get();
        assertThat(template.resources("AWS::Events::Rule")).as("no EventBridge rule: its failures are silent").isEmpty();
        Map<String, JsonNode> schedules = template.resources("AWS::Scheduler::Schedule");
        assertThat(schedules).hasSize(1);
        JsonNode target = schedules.values().iterator().next().path("Properties").path("Target");

        assertThat(target.path("Arn").path("Ref").asText()).isEqualTo("InvalidateCacheFunctionAliaslive");
        assertThat(target.path("RetryPolicy").path("MaximumRetryAttempts").asInt()).isPositive();
        assertThat(queueOf(target.path("DeadLetterConfig").path("Arn"))).isEqualTo("SweepFailureQueue");
        assertThat(template.resource("SweepFailureQueue").path("Type").asText()).isEqualTo("AWS::SQS::Queue");

        JsonNode input = new ObjectMapper().readTree(target.path("Input").asText());
        assertThat(input.path("source").asText()).isEqualTo("aws.scheduler");
        assertThat(input.path("detail-type").asText()).isEqualTo("Scheduled Event");
    }

    @Test
    void aSweepThatThrowsIsRetriedByLambdaThenParkedInTheSameQueue() throws Exception {
        Map<String, JsonNode> configs = DeployedTemplate.get().resources("AWS::Lambda::EventInvokeConfig");
        assertThat(configs).hasSize(1);
        JsonNode config = configs.values().iterator().next().path("Properties");
        assertThat(config.path("FunctionName").path("Ref").asText()).isEqualTo("InvalidateCacheFunction");
        assertThat(config.path("Qualifier").asText()).as("the alias the schedule invokes").isEqualTo("live");
        assertThat(config.path("MaximumRetryAttempts").asInt()).isPositive();
        assertThat(queueOf(config.path("DestinationConfig").path("OnFailure").path("Destination"))).isEqualTo("SweepFailureQueue");
    }

    @Test
    void anAlarmWatchesTheQueueAndNotifiesTheAlarmTopic() throws Exception {
        DeployedTemplate template = DeployedTemplate.get();
        JsonNode alarm = template.resources("AWS::CloudWatch::Alarm").values().stream()
                .filter(a -> a.path("Properties").path("Namespace").asText().equals("AWS/SQS"))
                .findFirst().orElseThrow(() -> new AssertionError("no alarm on an SQS queue"));
        JsonNode properties = alarm.path("Properties");
        assertThat(properties.path("Dimensions").get(0).path("Value").path("Fn::GetAtt").get(0).asText())
                .isEqualTo("SweepFailureQueue");
        assertThat(properties.path("Threshold").asDouble()).isEqualTo(1.0);
        assertThat(properties.path("AlarmActions").get(0).path("Ref").asText()).isEqualTo("AlarmTopic");
        assertThat(template.resource("AlarmTopic").path("Type").asText()).isEqualTo("AWS::SNS::Topic");
    }

    private static String queueOf(JsonNode arn) {
        return arn.path("Fn::GetAtt").get(0).asText();
    }
}

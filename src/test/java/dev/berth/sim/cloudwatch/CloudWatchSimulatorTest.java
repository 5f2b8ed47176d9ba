package dev.berth.sim.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.testing.AwsCli;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CloudWatch alarms in the simulator, through the AWS CLI v2 (query protocol) and the SDK (CBOR). */
class CloudWatchSimulatorTest {
    @Test
    void theAwsCliCreatesDescribesAndSetsAlarmsAndTheSdkReadsThem() throws Exception {
        try (SimFixture sim = SimFixture.start(1); CloudWatchClient sdk = sim.clients().cloudWatch()) {
            AwsCli aws = new AwsCli(sim.endpoint());
            AwsCli.Result put = aws.run("cloudwatch", "put-metric-alarm", "--alarm-name", "web-5xx",
                    "--alarm-description", "5xx of web", "--namespace", "AWS/ApplicationELB",
                    "--metric-name", "HTTPCode_Target_5XX_Count", "--dimensions",
                    "Name=TargetGroup,Value=targetgroup/web/0123456789abcdef", "Name=LoadBalancer,Value=app/ecs/0123456789abcdef",
                    "--statistic", "Sum", "--period", "60", "--evaluation-periods", "2", "--datapoints-to-alarm", "1",
                    "--threshold", "5", "--comparison-operator", "GreaterThanOrEqualToThreshold",
                    "--treat-missing-data", "ignore");
            assertThat(put.exitCode()).as(put.stderr()).isZero();

            JsonNode described = aws.run("cloudwatch", "describe-alarms", "--alarm-names", "web-5xx").json();
            JsonNode alarm = described.path("MetricAlarms").get(0);
            assertThat(alarm.path("AlarmArn").asText()).isEqualTo("arn:aws:cloudwatch:us-east-1:000000000000:alarm:web-5xx");
            assertThat(alarm.path("StateValue").asText()).isEqualTo("INSUFFICIENT_DATA");
            assertThat(alarm.path("Dimensions").size()).isEqualTo(2);
            assertThat(alarm.path("Threshold").asDouble()).isEqualTo(5.0);
            assertThat(alarm.path("Period").asInt()).isEqualTo(60);

            AwsCli.Result set = aws.run("cloudwatch", "set-alarm-state", "--alarm-name", "web-5xx", "--state-value", "ALARM",
                    "--state-reason", "rehearsal");
            assertThat(set.exitCode()).as(set.stderr()).isZero();

            MetricAlarm read = sdk.describeAlarms(r -> r.alarmNames("web-5xx")).metricAlarms().get(0);
            assertThat(read.stateValue()).isEqualTo(StateValue.ALARM);
            assertThat(read.stateReason()).isEqualTo("rehearsal");
            assertThat(read.statistic()).isEqualTo(Statistic.SUM);
            assertThat(read.comparisonOperator()).isEqualTo(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
            assertThat(read.dimensions()).contains(Dimension.builder().name("TargetGroup").value("targetgroup/web/0123456789abcdef").build());
            assertThat(read.stateUpdatedTimestamp()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));

            var history = sdk.describeAlarmHistory(r -> r.alarmName("web-5xx").historyItemType(HistoryItemType.STATE_UPDATE))
                    .alarmHistoryItems();
            assertThat(history).isNotEmpty();
            assertThat(history.get(0).historySummary()).isEqualTo("Alarm updated from INSUFFICIENT_DATA to ALARM");

            JsonNode cliHistory = aws.run("cloudwatch", "describe-alarm-history", "--alarm-name", "web-5xx").json();
            assertThat(cliHistory.path("AlarmHistoryItems").size()).isEqualTo(2);

            AwsCli.Result missing = aws.run("cloudwatch", "set-alarm-state", "--alarm-name", "nope", "--state-value", "OK",
                    "--state-reason", "x");
            assertThat(missing.exitCode()).isNotZero();
            assertThat(missing.stderr()).contains("ResourceNotFound");
            // the SDK reads the query protocol's error code, as CloudWatch is compatible with it
            assertThatThrownBy(() -> sdk.setAlarmState(r -> r.alarmName("nope").stateValue(StateValue.OK).stateReason("x")))
                    .isInstanceOfSatisfying(CloudWatchException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound");
                        assertThat(e.statusCode()).isEqualTo(404);
                    });

            AwsCli.Result badPeriod = aws.run("cloudwatch", "put-metric-alarm", "--alarm-name", "bad", "--namespace", "X",
                    "--metric-name", "Y", "--statistic", "Sum", "--period", "45", "--evaluation-periods", "1",
                    "--threshold", "1", "--comparison-operator", "GreaterThanThreshold");
            assertThat(badPeriod.exitCode()).isNotZero();
            assertThat(badPeriod.stderr()).contains("Period must be 10, 20, 30 or a multiple of 60");
            assertThat(sdk.describeAlarms().metricAlarms()).extracting(MetricAlarm::alarmName).containsExactly("web-5xx");

            assertThat(aws.run("cloudwatch", "delete-alarms", "--alarm-names", "web-5xx").exitCode()).isZero();
            assertThat(sdk.describeAlarms().metricAlarms()).isEmpty();
        }
    }

    @Test
    void anAlarmOnPublishedDataChangesStateByItself() throws Exception {
        try (SimFixture sim = SimFixture.start(60); CloudWatchClient sdk = sim.clients().cloudWatch()) {
            sdk.putMetricAlarm(r -> r.alarmName("queue-depth").namespace("Team/App").metricName("Depth")
                    .dimensions(Dimension.builder().name("Queue").value("jobs").build()).statistic(Statistic.MAXIMUM)
                    .period(60).evaluationPeriods(1).threshold(100.0)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
            for (int i = 0; i < 80 && !state(sdk).equals(StateValue.OK); i++) {
                sdk.putMetricData(r -> r.namespace("Team/App").metricData(d -> d.metricName("Depth").value(5.0)
                        .dimensions(Dimension.builder().name("Queue").value("jobs").build())));
                Thread.sleep(100);
            }
            assertThat(state(sdk)).isEqualTo(StateValue.OK);
            for (int i = 0; i < 80 && !state(sdk).equals(StateValue.ALARM); i++) {
                sdk.putMetricData(r -> r.namespace("Team/App").metricData(d -> d.metricName("Depth").value(500.0)
                        .dimensions(Dimension.builder().name("Queue").value("jobs").build())));
                Thread.sleep(100);
            }
            MetricAlarm alarm = sdk.describeAlarms(r -> r.alarmNames("queue-depth")).metricAlarms().get(0);
            assertThat(alarm.stateValue()).isEqualTo(StateValue.ALARM);
            assertThat(alarm.stateReason()).startsWith("Threshold Crossed: 1 datapoint [500.0]");

            var stats = sdk.getMetricStatistics(r -> r.namespace("Team/App").metricName("Depth")
                    .dimensions(Dimension.builder().name("Queue").value("jobs").build())
                    .startTime(Instant.now().minus(Duration.ofHours(2))).endTime(Instant.now().plus(Duration.ofHours(2)))
                    .period(3600).statistics(Statistic.MAXIMUM));
            assertThat(stats.datapoints()).extracting(d -> d.maximum()).contains(500.0);
        }
    }

    private static StateValue state(CloudWatchClient sdk) {
        return sdk.describeAlarms(r -> r.alarmNames("queue-depth")).metricAlarms().get(0).stateValue();
    }
}

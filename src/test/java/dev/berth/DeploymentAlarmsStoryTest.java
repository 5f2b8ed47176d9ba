package dev.berth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import dev.berth.testing.StackFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deployment alarms end to end on the simulator: the service template's alarms on its target
 * group, watched by ECS during the rollout and the bake time, and berth's verdict naming the alarm.
 */
class DeploymentAlarmsStoryTest {
    private static SimFixture sim;
    private static CloudFormationClient cfn;
    private static CloudWatchClient cloudWatch;

    @BeforeAll
    static void start() {
        sim = SimFixture.start(60);
        cfn = sim.clients().cloudFormation();
        cloudWatch = sim.clients().cloudWatch();
    }

    @AfterAll
    static void stop() {
        cfn.close();
        cloudWatch.close();
        sim.close();
    }

    private static JsonNode json(CliRun run) throws Exception {
        return new ObjectMapper().readTree(run.stdout());
    }

    private static MetricAlarm alarm(String name) {
        return cloudWatch.describeAlarms(r -> r.alarmNames(name)).metricAlarms().get(0);
    }

    @Test
    void aGoodReleaseWaitsForTheBakeTimeAnAlarmingOneIsRolledBackNamingTheAlarm() throws Exception {
        String stack = StackFixture.clusterAndService(sim, "alarms", Map.of("DesiredCount", "2",
                "DeploymentAlarms", "rollback"));
        assertThat(alarm(stack + "-target-5xx").namespace()).isEqualTo("AWS/ApplicationELB");

        Instant started = sim.server().world().now();
        CliRun good = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2", "--output", "json");
        assertThat(good.exitCode()).as(good.stderr()).isZero();
        assertThat(json(good).path("outcome").asText()).isEqualTo("SUCCEEDED");
        // the unhealthy-hosts alarm judges 2 minutes of data: a bake time of 3 minutes after the steady state
        assertThat(Duration.between(started, sim.server().world().now())).isGreaterThan(Duration.ofMinutes(3));

        CliRun bad = CliRun.against(sim, "deploy", "--stack", stack, "--version", "3-alarm", "--output", "json");
        assertThat(bad.exitCode()).as(bad.stderr()).isEqualTo(4);
        JsonNode result = json(bad);
        assertThat(result.path("outcome").asText()).isEqualTo("ROLLED_BACK");
        assertThat(cloudWatch.describeAlarmHistory(r -> r.alarmName(stack + "-target-5xx")).alarmHistoryItems())
                .anyMatch(item -> item.historySummary().endsWith("to ALARM"));
        assertThat(result.path("reason").asText()).contains("deployment alarm " + stack + "-target-5xx of service ")
                .contains("went into ALARM at ").contains("Threshold Crossed").contains("rolled back to version 2");
    }

    @Test
    void withoutRollbackTheAlarmFailsTheRelease() throws Exception {
        String stack = StackFixture.clusterAndService(sim, "failing", Map.of("DesiredCount", "2",
                "DeploymentAlarms", "fail", "ListenerRulePriority", "200", "PathPattern", "/failing/*"));
        CliRun bad = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2-alarm", "--output", "json");
        JsonNode result = json(bad);
        assertThat(result.path("outcome").asText()).as(bad.stderr()).isEqualTo("FAILED");
        assertThat(bad.exitCode()).isEqualTo(5);
        assertThat(result.path("reason").asText()).contains("deployment alarm " + stack + "-target-5xx")
                .contains("without rolling it back");
    }
}

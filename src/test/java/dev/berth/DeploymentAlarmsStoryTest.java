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
        // berth read the deployment alarms while it followed the rollout: the timeline marks their changes
        assertThat(result.path("alarmChanges")).anyMatch(c -> c.path("alarm").asText().equals(stack + "-target-5xx"));

        CliRun status = CliRun.against(sim, "status", "--stack", stack);
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(status.stdout()).contains("deployment alarms: " + stack + "-target-5xx, " + stack + "-unhealthy-hosts, with rollback")
                .containsPattern(stack + "-target-5xx  (OK|ALARM|INSUFFICIENT_DATA) since ");
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
        CliRun plan = CliRun.against(sim, "plan", "--stack", stack, "--version", "3");
        assertThat(plan.exitCode()).as(plan.stderr()).isZero();
        assertThat(plan.stdout()).contains("deployment alarms " + stack + "-target-5xx, " + stack + "-unhealthy-hosts, without rollback")
                .contains("WARNING service ").contains("without rollback: when one goes into ALARM, ECS fails the deployment");
    }

    @Test
    void berthsOwnBakeTimeCatchesTasksThatCrashAfterTheRolloutAndRollsBack() throws Exception {
        String stack = StackFixture.clusterAndService(sim, "baking", Map.of("DesiredCount", "2",
                "ListenerRulePriority", "300", "PathPattern", "/baking/*"));
        CliRun good = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2", "--bake-time", "4s", "--output", "json");
        assertThat(good.exitCode()).as(good.stderr()).isZero();
        assertThat(json(good).path("reason").asText()).contains("bake time of 4s passed without a stopped task");
        assertThat(good.stderr()).contains("bake").contains("watching 1 service(s) for 4s");

        // -latecrash tasks pass their health checks, the rollout completes, and they exit five simulated minutes after they started
        CliRun late = CliRun.against(sim, "deploy", "--stack", stack, "--version", "3-latecrash", "--bake-time", "20s",
                "--output", "json");
        assertThat(late.exitCode()).as(late.stderr()).isEqualTo(4);
        JsonNode result = json(late);
        assertThat(result.path("outcome").asText()).isEqualTo("ROLLED_BACK");
        assertThat(result.path("version").asText()).isEqualTo("3-latecrash");
        assertThat(result.path("reason").asText()).startsWith("bake time of 20s: service ").contains("stopped (EssentialContainerExited)")
                .contains("rolled back through CloudFormation to version 2");
        assertThat(cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).parameters())
                .anyMatch(p -> p.parameterKey().equals("Version") && p.parameterValue().equals("2"));

        CliRun refused = CliRun.against(sim, "deploy", "--stack", stack, "--version", "4", "--bake-time", "5s", "--alarm", "nope");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.stderr()).contains("no CloudWatch alarm named nope");
        CliRun alarmAlone = CliRun.against(sim, "deploy", "--stack", stack, "--version", "4", "--alarm", "web-5xx");
        assertThat(alarmAlone.exitCode()).isEqualTo(2);
        assertThat(alarmAlone.stderr()).contains("--alarm");
    }
}

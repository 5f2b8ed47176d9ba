package dev.berth.sim.cloudformation.signals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AutoScalingRollingUpdate: the policy as templates write it, and the batches CloudFormation runs. */
class RollingUpdatePlanTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theClusterTemplatesPolicyRaisesCapacityByOneAndReplacesOneInstanceAtATime() {
        RollingUpdatePolicy policy = new RollingUpdatePolicy(1, 2, 100, Duration.ofMinutes(15), true);
        RollingUpdatePlan plan = RollingUpdatePlan.of(policy, 2, 4, List.of("i-a", "i-b"));
        assertThat(plan.temporaryCapacity()).isEqualTo(3);
        assertThat(plan.steps()).containsExactly(new RollingUpdatePlan.Step(List.of(), 1, 0),
                new RollingUpdatePlan.Step(List.of("i-a"), 1, 50), new RollingUpdatePlan.Step(List.of("i-b"), 0, 100));
        assertThat(plan.initiated()).isEqualTo("Rolling update initiated. Terminating 2 obsolete instance(s) in batches of 1, "
                + "while keeping at least 2 instance(s) in service. Waiting on resource signals with a timeout of PT15M when new "
                + "instances are added to the autoscaling group.");
    }

    /** desired, max, batch, min in service, obsolete -> capacity; steps as terminated/launched. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "4|8|2|0|4|4|2/2 2/2",
            "4|8|2|3|4|5|-/1 2/2 2/1",
            "3|3|1|2|3|3|1/1 1/1 1/1",
            "2|4|5|0|2|4|-/2 2/0",
            "1|2|1|1|1|2|-/1 1/0",
            "2|4|1|1|0|2|"})
    void batchesKeepMinInstancesInServiceAndEndAtTheDesiredCapacity(int desired, int max, int batch, int min, int obsolete,
                                                                  int capacity, String steps) {
        List<String> old = java.util.stream.IntStream.range(0, obsolete).mapToObj(i -> "i-" + i).toList();
        RollingUpdatePlan plan = RollingUpdatePlan.of(new RollingUpdatePolicy(batch, min, 100, Duration.ZERO, false), desired, max, old);
        assertThat(plan.temporaryCapacity()).isEqualTo(capacity);
        assertThat(plan.steps().stream().map(s -> (s.terminate().isEmpty() ? "-" : String.valueOf(s.terminate().size())) + "/" + s.launch())
                .collect(Collectors.joining(" "))).isEqualTo(steps == null ? "" : steps);
        assertThat(plan.steps().stream().mapToInt(RollingUpdatePlan.Step::launch).sum()).isEqualTo(obsolete == 0 ? 0 : desired);
        assertThat(plan.steps().stream().mapToInt(s -> s.terminate().size()).sum()).isEqualTo(obsolete);
        // in service while a batch is replaced: everything running minus the batch being terminated
        int running = desired;
        for (RollingUpdatePlan.Step step : plan.steps()) {
            assertThat(running - step.terminate().size()).as("in service during " + step).isGreaterThanOrEqualTo(Math.min(min, desired));
            running += step.launch() - step.terminate().size();
        }
        assertThat(running).isEqualTo(desired);
    }

    @Test
    void minInstancesInServiceAtMaxSizeIsRefused() {
        assertThatThrownBy(() -> RollingUpdatePlan.of(new RollingUpdatePolicy(1, 2, 100, Duration.ZERO, false), 2, 2, List.of("i-a")))
                .hasMessage("MinInstancesInService must be less than the autoscaling group's MaxSize");
    }

    @Test
    void policyDefaultsFollowCloudFormation() throws Exception {
        assertThat(RollingUpdatePolicy.of(JSON.readTree("{\"AutoScalingRollingUpdate\":{}}")))
                .contains(new RollingUpdatePolicy(1, 0, 100, Duration.ZERO, false));
        assertThat(RollingUpdatePolicy.of(JSON.readTree("{\"AutoScalingRollingUpdate\":{\"WaitOnResourceSignals\":\"true\"}}")))
                .contains(new RollingUpdatePolicy(1, 0, 100, Duration.ofMinutes(5), true));
        assertThat(RollingUpdatePolicy.of(JSON.readTree("{\"AutoScalingReplacingUpdate\":{\"WillReplace\":true}}"))).isEmpty();
        assertThat(RollingUpdatePolicy.willReplace(JSON.readTree("{\"AutoScalingReplacingUpdate\":{\"WillReplace\":\"true\"}}"))).isTrue();
        assertThat(RollingUpdatePolicy.willReplace(JSON.readTree("{\"AutoScalingRollingUpdate\":{}}"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{'MaxBatchSize':0}|AutoScalingRollingUpdate MaxBatchSize must be at least 1, not 0",
            "{'PauseTime':'PT2H'}|AutoScalingRollingUpdate PauseTime must be at most PT1H, not PT2H",
            "{'PauseTime':'soon'}|AutoScalingRollingUpdate PauseTime must be an ISO 8601 duration such as PT15M, not 'soon'",
            "{'MinInstancesInService':'x'}|AutoScalingRollingUpdate MinInstancesInService must be a non-negative integer, not 'x'"})
    void malformedPoliciesAreRefusedNamingTheValue(String rolling, String message) {
        assertThatThrownBy(() -> RollingUpdatePolicy.of(JSON.readTree(("{'AutoScalingRollingUpdate':" + rolling + "}").replace('\'', '"'))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}

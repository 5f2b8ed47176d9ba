package dev.berth.engine.deploy.verdict;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BakeRulesTest {
    private static final String TD2 = "arn:aws:ecs:us-east-1:000000000000:task-definition/web:2";
    private static final String TD1 = "arn:aws:ecs:us-east-1:000000000000:task-definition/web:1";

    private static BakeRules.ServiceReading service(String runs, BakeRules.StoppedTask... stopped) {
        return new BakeRules.ServiceReading("web", runs, TD2, List.of(stopped));
    }

    @Test
    void aQuietBakeTimeIsNoFailure() {
        assertThat(BakeRules.failure(List.of(service(TD2)), List.of(new BakeRules.AlarmReading("web-5xx", "OK", "fine", null),
                new BakeRules.AlarmReading("web-latency", "INSUFFICIENT_DATA", null, null)))).isEmpty();
    }

    @Test
    void theSchedulersOwnScalingStopsSayNothingAgainstTheRelease() {
        assertThat(BakeRules.failure(List.of(service(TD2, new BakeRules.StoppedTask("t1", "ServiceSchedulerInitiated",
                "Scaling activity initiated by (deployment ecs-svc/1)"))), List.of())).isEmpty();
    }

    @Test
    void aTaskThatStopsOnItsOwnFailsTheRelease() {
        assertThat(BakeRules.failure(List.of(service(TD2, new BakeRules.StoppedTask("t1", "EssentialContainerExited",
                "Essential container in task exited"))), List.of()))
                .contains("service web: task t1 stopped (EssentialContainerExited): Essential container in task exited");
        assertThat(BakeRules.failure(List.of(service(TD2, new BakeRules.StoppedTask("t2", "ServiceSchedulerInitiated",
                "Task failed ELB health checks in (target-group arn:tg)"))), List.of())).isPresent();
        assertThat(BakeRules.failure(List.of(service(TD2, new BakeRules.StoppedTask("t3", null, null))), List.of()))
                .contains("service web: task t3 stopped");
    }

    @Test
    void aServiceThatNoLongerRunsTheReleaseFailsIt() {
        assertThat(BakeRules.failure(List.of(service(TD1)), List.of())).contains("service web runs web:1, no longer web:2");
    }

    @Test
    void anAlarmInAlarmFailsTheReleaseAndIsNamedFirst() {
        Instant at = Instant.parse("2026-12-07T01:00:00Z");
        assertThat(BakeRules.failure(List.of(service(TD1)), List.of(new BakeRules.AlarmReading("web-5xx", "ALARM", "Threshold Crossed", at))))
                .contains("alarm web-5xx went into ALARM at 2026-12-07T01:00:00Z (Threshold Crossed)");
        assertThat(BakeRules.failure(List.of(), List.of(new BakeRules.AlarmReading("gone", null, null, null)))).isEmpty();
    }
}

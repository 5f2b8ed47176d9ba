package dev.berth.sim.cloudwatch;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An alarm runs the actions of the state it enters; Auto Scaling actions again each minute it stays there. */
class AlarmActionsTest {
    private static final String POLICY = "arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:1:autoScalingGroupName/g:policyName/up";
    private static final String DOWN = "arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:2:autoScalingGroupName/g:policyName/down";
    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:ops";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final List<String> invoked = new ArrayList<>();
    private final AlarmActions actions = new AlarmActions();
    private final SimAlarm alarm = new SimAlarm("high", "arn:aws:cloudwatch:us-east-1:000000000000:alarm:high");

    AlarmActionsTest() {
        actions.addTarget(new AlarmActions.Target() {
            @Override
            public boolean handles(String arn) {
                return true;
            }

            @Override
            public void invoke(String arn, Double breach) {
                invoked.add(arn.substring(arn.lastIndexOf(':') + 1) + " " + breach);
            }
        });
        alarm.threshold = 75;
        alarm.alarmActions = List.of(POLICY, TOPIC);
        alarm.okActions = List.of(DOWN);
    }

    private void at(int seconds, String state, boolean transitioned, Double value) {
        alarm.state = state;
        actions.evaluated(alarm, transitioned, value, T0.plusSeconds(seconds));
    }

    @Test
    void entersAlarmRunsEveryActionAndRepeatsOnlyTheScalingPolicyEachMinute() {
        at(0, "ALARM", true, 90.0);
        assertThat(invoked).containsExactly("policyName/up 15.0", "ops 15.0");
        invoked.clear();
        at(10, "ALARM", false, 90.0);
        at(50, "ALARM", false, 90.0);
        assertThat(invoked).isEmpty();
        at(60, "ALARM", false, 80.0);
        assertThat(invoked).containsExactly("policyName/up 5.0");
        invoked.clear();
        at(70, "OK", true, 50.0);
        assertThat(invoked).containsExactly("policyName/down -25.0");
        invoked.clear();
        at(200, "OK", false, 50.0);
        assertThat(invoked).containsExactly("policyName/down -25.0");
    }

    @Test
    void disabledActionsRunNothing() {
        alarm.actionsEnabled = false;
        at(0, "ALARM", true, 90.0);
        at(60, "ALARM", false, 90.0);
        assertThat(invoked).isEmpty();
    }

    @Test
    void aStateWithoutActionsRunsNothing() {
        at(0, "INSUFFICIENT_DATA", true, null);
        assertThat(invoked).isEmpty();
    }
}

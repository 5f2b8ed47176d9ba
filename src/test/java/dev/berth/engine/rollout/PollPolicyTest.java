package dev.berth.engine.rollout;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PollPolicyTest {
    private final PollPolicy policy = PollPolicy.DEFAULT;

    @Test
    void nearTheEndPollsEveryHalfSecondAndStretchesSlowlyToTwoSeconds() {
        Duration d = policy.next(Duration.ofSeconds(5), true, PollPolicy.Stage.IMMINENT);
        assertThat(d).isEqualTo(Duration.ofMillis(500));
        for (int i = 0; i < 100; i++) {
            d = policy.next(d, false, PollPolicy.Stage.IMMINENT);
        }
        assertThat(d).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.next(Duration.ofMillis(500), false, PollPolicy.Stage.IMMINENT)).isEqualTo(Duration.ofMillis(550));
    }

    @Test
    void whileTheNewTasksAwaitTheirHealthChecksItPollsEverySecondStretchingToOneAndAHalf() {
        Duration d = policy.next(Duration.ofSeconds(5), true, PollPolicy.Stage.APPROACHING);
        assertThat(d).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.next(d, false, PollPolicy.Stage.APPROACHING)).isEqualTo(Duration.ofMillis(1100));
        for (int i = 0; i < 100; i++) {
            d = policy.next(d, false, PollPolicy.Stage.APPROACHING);
        }
        assertThat(d).isEqualTo(Duration.ofMillis(1500));
        assertThat(policy.next(d, true, PollPolicy.Stage.IMMINENT)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void whileNothingChangesItBacksOffToFiveSeconds() {
        Duration d = policy.next(null, true, PollPolicy.Stage.UNDER_WAY);
        assertThat(d).isEqualTo(Duration.ofMillis(1500));
        d = policy.next(d, false, PollPolicy.Stage.UNDER_WAY);
        assertThat(d).isEqualTo(Duration.ofMillis(2250));
        for (int i = 0; i < 10; i++) {
            d = policy.next(d, false, PollPolicy.Stage.UNDER_WAY);
        }
        assertThat(d).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.next(d, true, PollPolicy.Stage.UNDER_WAY)).isEqualTo(Duration.ofMillis(1500));
    }
}

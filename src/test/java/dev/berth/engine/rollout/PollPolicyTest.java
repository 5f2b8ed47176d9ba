package dev.berth.engine.rollout;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PollPolicyTest {
    private final PollPolicy policy = PollPolicy.DEFAULT;

    @Test
    void nearTheEndPollsEveryHalfSecondAndStretchesSlowlyToTwoSeconds() {
        Duration d = policy.next(Duration.ofSeconds(5), true, true);
        assertThat(d).isEqualTo(Duration.ofMillis(500));
        for (int i = 0; i < 100; i++) {
            d = policy.next(d, false, true);
        }
        assertThat(d).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.next(Duration.ofMillis(500), false, true)).isEqualTo(Duration.ofMillis(550));
    }

    @Test
    void whileNothingChangesItBacksOffToFiveSeconds() {
        Duration d = policy.next(null, true, false);
        assertThat(d).isEqualTo(Duration.ofMillis(1500));
        d = policy.next(d, false, false);
        assertThat(d).isEqualTo(Duration.ofMillis(2250));
        for (int i = 0; i < 10; i++) {
            d = policy.next(d, false, false);
        }
        assertThat(d).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.next(d, true, false)).isEqualTo(Duration.ofMillis(1500));
    }
}

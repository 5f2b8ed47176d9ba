package dev.berth.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimClockTest {
    @Test
    void simulatedTimeRunsSpeedTimesFasterAndMapsBackToTheWallClock() {
        AtomicLong nanos = new AtomicLong(1_000);
        Instant origin = Instant.parse("2026-01-01T00:00:00Z");
        SimClock clock = new SimClock(origin, nanos::get, 10);
        nanos.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(clock.now()).isEqualTo(origin.plusSeconds(30));
        assertThat(clock.wallClockOf(origin.plusSeconds(30))).isEqualTo(origin.plusSeconds(3));
        assertThat(clock.realDuration(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void speedMustBePositive() {
        assertThatThrownBy(() -> new SimClock(0)).hasMessage("speed must be a positive number, got 0.0");
    }
}

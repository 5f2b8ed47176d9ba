package dev.berth.sim.autoscaling;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScalingAdjustmentTest {

    @ParameterizedTest(name = "{0} {1} (min magnitude {2}) from {3} in [{4},{5}] -> {6}")
    @CsvSource(nullValues = "-", value = {
            "ChangeInCapacity,        1, -, 2, 1, 4, 3",
            "ChangeInCapacity,       -1, -, 2, 1, 4, 1",
            "ChangeInCapacity,        1, -, 4, 1, 4, 4",   // at MaxSize: stays
            "ChangeInCapacity,       -1, -, 1, 1, 4, 1",   // at MinSize: stays
            "ChangeInCapacity,        5, -, 2, 1, 4, 4",   // clamped to MaxSize
            "ExactCapacity,           3, -, 1, 1, 4, 3",
            "ExactCapacity,           9, -, 1, 1, 4, 4",
            "ExactCapacity,           0, -, 3, 1, 4, 1",
            "PercentChangeInCapacity, 50, -, 4, 1, 10, 6",
            "PercentChangeInCapacity, 10, -, 4, 1, 10, 5",  // 0.4 rounds to 1
            "PercentChangeInCapacity, 70, -, 4, 1, 10, 6",  // 2.8 rounds down to 2
            "PercentChangeInCapacity, -70, -, 4, 1, 10, 2", // -2.8 rounds up to -2
            "PercentChangeInCapacity, -10, -, 4, 1, 10, 3", // -0.4 rounds to -1
            "PercentChangeInCapacity, 10, 3, 4, 1, 10, 7",  // MinAdjustmentMagnitude lifts 1 to 3
            "PercentChangeInCapacity, 25, -, 0, 0, 10, 0",  // nothing to take a percentage of
    })
    void desiredCapacity(String type, int adjustment, Integer magnitude, int current, int min, int max, int expected) {
        assertThat(ScalingAdjustment.desired(type, adjustment, magnitude, current, min, max)).isEqualTo(expected);
    }

    @Test
    void anUnknownAdjustmentTypeIsNamed() {
        assertThatThrownBy(() -> ScalingAdjustment.desired("PercentOfMax", 1, null, 1, 1, 2))
                .hasMessageContaining("PercentOfMax");
    }

    @ParameterizedTest(name = "breach {0} -> adjustment {1}")
    @CsvSource(nullValues = "-", value = {
            "0, 1", "9.99, 1", "10, 2", "25, 2", "30, 3", "500, 3",
            "-0.5, -1", "-9.99, -1", "-10, -2", "-10.01, -2",
    })
    void aStepPolicyPicksItsStepByTheBreach(double breach, int expected) {
        List<ScalingAdjustment.Step> steps = List.of(
                new ScalingAdjustment.Step(0.0, 10.0, 1),
                new ScalingAdjustment.Step(10.0, 30.0, 2),
                new ScalingAdjustment.Step(30.0, null, 3),
                new ScalingAdjustment.Step(-10.0, 0.0, -1),
                new ScalingAdjustment.Step(null, -10.0, -2));
        assertThat(ScalingAdjustment.step(steps, breach)).get().extracting(ScalingAdjustment.Step::adjustment).isEqualTo(expected);
    }

    @Test
    void aBreachNoStepCoversTakesNoStep() {
        assertThat(ScalingAdjustment.step(List.of(new ScalingAdjustment.Step(0.0, 10.0, 1)), 15)).isEmpty();
    }
}

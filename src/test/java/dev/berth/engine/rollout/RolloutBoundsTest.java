package dev.berth.engine.rollout;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutBoundsTest {
    @ParameterizedTest(name = "desired {0} at {1}/{2}: at least {3} healthy, at most {4}, stuck {5}, {6} batches")
    @CsvSource({
            // desired, min, max, lower, upper, stuck, batches
            "1,  100, 200, 1, 2,  false, 1",
            "1,    0, 100, 0, 1,  false, 1",
            "1,  100, 100, 1, 1,  true,  0",
            "1,   50, 150, 1, 1,  true,  0",
            "2,   75, 100, 2, 2,  true,  0",
            "3,  100, 125, 3, 3,  true,  0",
            "4,  100, 200, 4, 8,  false, 1",
            "4,   50, 100, 2, 4,  false, 2",
            "10, 100, 120, 10, 12, false, 5",
            "10,  90, 100, 9, 10, false, 10",
            "0,  100, 100, 0, 0,  false, 0",
            "25,  33, 133, 9, 33, false, 2"})
    void ecsRoundingAndTheMovesItAllows(int desired, int min, int max, int lower, int upper, boolean stuck, int batches) {
        RolloutBounds bounds = new RolloutBounds(desired, min, max);
        assertThat(bounds.lower()).isEqualTo(lower);
        assertThat(bounds.upper()).isEqualTo(upper);
        assertThat(bounds.stuck()).isEqualTo(stuck);
        assertThat(bounds.batches()).isEqualTo(batches);
    }
}

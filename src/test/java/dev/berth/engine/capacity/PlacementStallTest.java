package dev.berth.engine.capacity;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A rollout stalled for room is explained by ECS's newest placement failure, and only by one. */
class PlacementStallTest {
    private static final String PORTS = "(service web) was unable to place a task because no container instance met all of its "
            + "requirements. The closest matching (container-instance 5c3a) is already using a port required by your task. "
            + "For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.";
    private static final String MEMORY = PORTS.replace("is already using a port required by your task.",
            "has insufficient memory available.");

    @Test
    void theNewestPlacementFailureNamesTheCauseAndTheRemedy() {
        String text = PlacementStall.explain(List.of(PORTS, "(service web) has started 1 tasks: (task 1).", MEMORY)).orElseThrow();
        assertThat(text).startsWith("stalled for room: ECS could not place a task because no container instance met all of its "
                + "requirements. The closest matching (container-instance 5c3a) has insufficient memory available.")
                .contains("Add container instances").doesNotContain("Troubleshooting");
    }

    @Test
    void otherEventsExplainNothing() {
        assertThat(PlacementStall.explain(List.of("(service web) has reached a steady state.",
                "(service web) was unable to stop or start tasks during a deployment"))).isEmpty();
        assertThat(PlacementStall.explain(List.of())).isEmpty();
    }
}

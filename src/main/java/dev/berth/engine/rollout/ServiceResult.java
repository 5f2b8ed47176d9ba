package dev.berth.engine.rollout;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.berth.engine.Outcome;

import java.util.List;
import java.util.Objects;

/**
 * The verdict for one service and the evidence behind it: what it was to run and what it ran, the
 * rollout bounds in force, and what went wrong on the way. The parts are written flat in the
 * result JSON, as one object per service.
 */
public record ServiceResult(String service, Outcome outcome, String reason, @JsonUnwrapped Rollout rollout,
                            @JsonUnwrapped Bounds bounds, @JsonUnwrapped Evidence evidence) {

    public ServiceResult {
        Objects.requireNonNull(rollout, "rollout");
        Objects.requireNonNull(bounds, "bounds");
        Objects.requireNonNull(evidence, "evidence");
    }

    /**
     * The task definition the service was to run, what its PRIMARY deployment ran at the end and
     * that deployment's rollout state; {@code deploymentId} is the deployment berth judged, null
     * when it judged the service from its state alone.
     */
    public record Rollout(String expectedTaskDefinition, String runningTaskDefinition, String deploymentId,
                          String rolloutState) {

        /** @param primary the PRIMARY deployment at the end, or null when none was seen */
        public static Rollout judged(String expected, String deploymentId, DeploymentView primary) {
            return new Rollout(expected, primary == null ? null : primary.taskDefinition(), deploymentId,
                    primary == null ? null : primary.rolloutState());
        }

        /** A service judged from its state alone: no deployment of its own was followed. */
        public static Rollout fromState(String expected, String running, String rolloutState) {
            return new Rollout(expected, running, null, rolloutState);
        }
    }

    /** The desired count and ECS's rolling-update bounds as task counts; all 0 when never read. */
    public record Bounds(int desired, int lowerBound, int upperBound) {
        public static final Bounds UNKNOWN = new Bounds(0, 0, 0);

        public static Bounds of(RolloutBounds bounds) {
            return bounds == null ? UNKNOWN : new Bounds(bounds.desired(), bounds.lower(), bounds.upper());
        }

        /** Only the desired count is known. */
        public static Bounds desiredOnly(int desired) {
            return new Bounds(desired, 0, 0);
        }
    }

    /** Tasks that stopped, the service's events, and the moments the bounds were broken. */
    public record Evidence(List<StoppedTask> stoppedTasks, List<ServiceEventView> serviceEvents, List<String> boundViolations) {
        public static final Evidence NONE = new Evidence(List.of(), List.of(), List.of());

        public Evidence {
            stoppedTasks = List.copyOf(stoppedTasks);
            serviceEvents = List.copyOf(serviceEvents);
            boundViolations = List.copyOf(boundViolations);
        }
    }
}

package dev.berth.engine.deploy;

import dev.berth.engine.Outcome;
import dev.berth.engine.Timing;
import dev.berth.engine.capacity.RoomCheck;
import dev.berth.engine.deploy.verdict.Verdict;
import dev.berth.engine.rollout.AlarmChange;
import dev.berth.engine.rollout.RolloutEvidence;
import dev.berth.engine.stack.PlannedChange;
import dev.berth.engine.stack.StackEventView;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The verdict of a deploy and its evidence, in parts a reader can name: the verdict (with, when a
 * person must act, the command to run), the release asked for, who asked, the change set berth
 * executed, the stack as berth left it, when, and every service's rollout.
 */
public record DeployResult(Verdict verdict, Release release, Requester requester, Update update, StackState stack,
                           Timing timing, RolloutEvidence evidence) {

    public DeployResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(evidence, "evidence");
    }

    public Outcome outcome() {
        return verdict.outcome();
    }

    public String reason() {
        return verdict.reason();
    }

    /** The state changes of the alarms watched during the rollout, in order. */
    public List<AlarmChange> alarmChanges() {
        return evidence.alarmChanges();
    }

    /** The same result with the alarm changes berth saw. */
    public DeployResult withAlarmChanges(List<AlarmChange> changes) {
        return new DeployResult(verdict, release, requester, update, stack, timing, evidence.withAlarmChanges(changes));
    }

    public Duration duration() {
        return timing.duration();
    }

    /**
     * The release asked for: {@code version} of {@code stack}, replacing {@code previousVersion}
     * (null when unknown). {@code image} is the version's image and digest when pre-flight found it
     * in ECR, else null; {@code capacity} is pre-flight's room check of each service, by name.
     */
    public record Release(String stack, String version, String previousVersion, PreFlightReport.ImageCheck image,
                          Map<String, RoomCheck> capacity) {
        public Release {
            capacity = capacity == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(capacity));
        }

        /** A release without room checks (no EC2 service, or none was made). */
        public Release(String stack, String version, String previousVersion, PreFlightReport.ImageCheck image) {
            this(stack, version, previousVersion, image, Map.of());
        }

        /** The release of a deploy as pre-flight saw it; an update berth re-attached to has no known previous version. */
        static Release of(PreFlightReport pre, DeployOptions options) {
            return new Release(pre.stackName(), options.version(), pre.reattach() ? null : pre.currentVersion(), pre.image(),
                    capacityOf(pre));
        }

        private static Map<String, RoomCheck> capacityOf(PreFlightReport pre) {
            Map<String, RoomCheck> byService = new LinkedHashMap<>();
            for (ServiceTarget service : pre.services()) {
                if (service.capacity() != null) {
                    byService.put(service.service(), service.capacity());
                }
            }
            return byService;
        }
    }

    /**
     * Who asked for it: {@code who} ran the {@code verb}, {@code approvedBy} approved it (null when
     * nobody did), and {@code why} is the reason the person gave (--reason), not to be confused with
     * the verdict's reason, which explains the outcome.
     */
    public record Requester(DeployOptions.Verb verb, String who, String approvedBy, String why) {
        public Requester {
            Objects.requireNonNull(verb, "verb");
        }

        static Requester of(DeployOptions options) {
            return new Requester(options.verb(), options.who(), options.approvedBy(), options.reason());
        }
    }

    /**
     * The CloudFormation update berth made: the token it ran with, the change set it executed and
     * the changes that set planned. All null and empty when berth followed an update already under way.
     */
    public record Update(String clientRequestToken, String changeSetId, List<PlannedChange> changes) {
        /** An update berth did not start but followed to its end. */
        public static final Update FOLLOWED = new Update(null, null, List.of());

        public Update {
            changes = List.copyOf(changes);
        }
    }

    /** The stack as berth left it: its status ({@link #UNKNOWN} when it could not be read) and the events seen. */
    public record StackState(String status, List<StackEventView> events) {
        public static final String UNKNOWN = "UNKNOWN";

        public StackState {
            status = status == null ? UNKNOWN : status;
            events = List.copyOf(events);
        }
    }

}

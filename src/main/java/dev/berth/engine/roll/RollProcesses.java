package dev.berth.engine.roll;

import dev.berth.engine.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which Auto Scaling processes a roll suspends, and which it cannot work without. While the group
 * grows by one and replaces instances, its alarms' scaling policies, zone rebalancing and scheduled
 * actions would change its size under the roll, as CloudFormation's rolling update also guards against.
 */
public final class RollProcesses {
    /** Suspended for the roll's duration, in this order. */
    public static final List<String> GUARDED = List.of("AlarmNotification", "AZRebalance", "ScheduledActions");
    /** Without these the group neither launches replacements nor terminates the old instances. */
    public static final List<String> REQUIRED = List.of("Launch", "Terminate");

    private RollProcesses() {
    }

    /** The guarded processes not suspended already: the roll suspends and later resumes exactly these. */
    public static List<String> toSuspend(Set<String> suspended) {
        return GUARDED.stream().filter(p -> !suspended.contains(p)).toList();
    }

    /** Pre-flight problems: a required process that is suspended. */
    public static List<String> problems(String group, Set<String> suspended) {
        List<String> problems = new ArrayList<>();
        for (String process : REQUIRED) {
            if (suspended.contains(process)) {
                problems.add("group " + group + " has its " + process + " process suspended, so the roll could not replace "
                        + "instances; `" + resumeCommand(group, List.of(process)) + "` resumes it");
            }
        }
        return problems;
    }

    /**
     * The verdict once resuming the suspended processes failed: a roll that otherwise succeeded needs
     * attention (the group would no longer scale), any other verdict stands; the reason and the
     * recovery name the processes and the command that resumes them.
     */
    public static RollResult afterFailedResume(RollResult result, String failure) {
        Outcome outcome = result.outcome() == Outcome.SUCCEEDED ? Outcome.NEEDS_ATTENTION : result.outcome();
        String recovery = result.recovery() == null ? failure : result.recovery() + "; and " + failure;
        return new RollResult(outcome, result.reason() + "; " + failure, recovery, result.stack(), result.cluster(),
                result.group(), result.plan(), result.replaced(), result.lowestRunning(), result.breaches(), result.startedAt(),
                result.finishedAt());
    }

    public static String resumeCommand(String group, List<String> processes) {
        return "aws autoscaling resume-processes --auto-scaling-group-name " + group + " --scaling-processes "
                + String.join(" ", processes);
    }
}

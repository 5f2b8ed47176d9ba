package dev.berth.engine.deploy.verdict;

import dev.berth.engine.Outcome;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How deployment alarms shape a deploy's verdict, as a pure function. When ECS failed a service's
 * deployment because an alarm went into ALARM, the verdict names the alarm, its reason and when it
 * fired. A release ECS rolled back stays ROLLED_BACK; one whose alarms were set without rollback is
 * FAILED, even when the stack's own rollback brought the old task definition back, since nothing in
 * ECS was meant to restore it and a person should look at what the release did in production.
 */
public final class AlarmVerdicts {
    private AlarmVerdicts() {
    }

    public static Verdict refine(Verdict base, List<AlarmFailure> failures) {
        if (failures.isEmpty() || !(base.outcome() == Outcome.ROLLED_BACK || base.outcome() == Outcome.FAILED)) {
            return base;
        }
        String alarms = failures.stream().map(AlarmFailure::describe).collect(Collectors.joining("; "));
        boolean withoutRollback = failures.stream().anyMatch(f -> !f.rollback());
        if (withoutRollback) {
            return new Verdict(Outcome.FAILED, alarms + "; ECS failed the deployment without rolling it back (alarms set "
                    + "with rollback false); " + base.reason(), base.recovery());
        }
        return new Verdict(base.outcome(), alarms + "; " + base.reason(), base.recovery());
    }
}

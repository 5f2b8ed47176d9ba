package dev.berth.engine.deploy.verdict;

import dev.berth.engine.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules that turn what berth observed into a deploy's verdict, as pure functions: the stack's
 * final status and parameters, and for every ECS service the stack owns, whether its PRIMARY
 * deployment runs the task definition the stack names with rollout COMPLETED. Events and message
 * texts only explain; state decides.
 */
public final class DeployVerdicts {
    private static final Set<String> FINISHED = Set.of("CREATE_COMPLETE", "CREATE_FAILED", "ROLLBACK_COMPLETE",
            "ROLLBACK_FAILED", "DELETE_COMPLETE", "DELETE_FAILED", "UPDATE_COMPLETE", "UPDATE_FAILED",
            "UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_FAILED", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE",
            "IMPORT_ROLLBACK_FAILED");

    private DeployVerdicts() {
    }

    /** Whether the stack's status will not change by itself. */
    public static boolean finished(String stackStatus) {
        return stackStatus != null && FINISHED.contains(stackStatus);
    }

    /**
     * The verdict once the update is over or berth's deadline (timeout + rollback grace) has come.
     *
     * @param observed     the last state read, or null when AWS stopped answering
     * @param digestProblem set when the running tasks report another digest than the version had
     */
    public static Verdict decide(Request request, Progress progress, Observation observed, Optional<String> digestProblem) {
        String stack = request.stack();
        if (observed == null || observed.stackStatus() == null) {
            return new Verdict(Outcome.NEEDS_ATTENTION, "the update of stack " + stack + " to version " + request.version()
                    + " was started, but AWS gave no answer" + (progress.lastError() == null ? "" : " (last error: "
                    + progress.lastError() + ")") + ", so its state is unknown; the same command follows it: "
                    + request.follow(), request.follow());
        }
        String status = observed.stackStatus();
        if (!finished(status)) {
            String why = progress.cancelled() ? "no verdict within " + request.timeout() + ", and the cancelled update"
                    + " did not finish rolling back within the rollback grace of " + request.rollbackGrace()
                    : "no verdict within " + request.timeout() + (progress.lastError() == null ? ""
                    : " (last error: " + progress.lastError() + ")");
            return new Verdict(Outcome.TIMED_OUT, why + "; stack " + stack + " is still " + status
                    + ". The same command follows it: " + request.follow(), request.follow());
        }
        return switch (status) {
            case "UPDATE_COMPLETE" -> updated(request, progress, observed, digestProblem);
            case "UPDATE_ROLLBACK_COMPLETE" -> rolledBack(request, progress, observed);
            case "UPDATE_ROLLBACK_FAILED" -> rollbackFailed(request, progress);
            default -> new Verdict(Outcome.FAILED, orElse(progress.firstFailure(), "the update failed") + "; stack "
                    + stack + " is " + status, null);
        };
    }

    private static Verdict updated(Request request, Progress progress, Observation observed, Optional<String> digestProblem) {
        String stack = request.stack();
        List<String> disagreements = disagreements(observed, false);
        String value = observed.parameters().get(request.parameter());
        if (!request.versionIn(value)) {
            disagreements.add(0, "its parameter " + request.parameter() + " is " + value + ", not " + request.parameterValue());
        }
        if (progress.cancelled()) {
            // late, but a verdict all the same: a stack whose services run something else needs a person
            return new Verdict(disagreements.isEmpty() ? Outcome.TIMED_OUT : Outcome.NEEDS_ATTENTION,
                    "the update could no longer be cancelled and completed after the deadline; "
                    + "stack " + stack + " runs version " + request.version() + joined(disagreements), null);
        }
        if (!disagreements.isEmpty()) {
            return new Verdict(Outcome.NEEDS_ATTENTION, "stack " + stack + " is UPDATE_COMPLETE but "
                    + String.join("; and ", disagreements), null);
        }
        if (digestProblem.isPresent()) {
            return new Verdict(Outcome.NEEDS_ATTENTION, digestProblem.get(), null);
        }
        StringBuilder reason = new StringBuilder("stack " + stack + " UPDATE_COMPLETE at version " + request.version()
                + (request.imageDigest() == null ? "" : " (" + request.imageDigest() + ")"));
        for (OwnedService service : observed.services()) {
            reason.append("; service ").append(service.name()).append(' ').append(observed.state(service).describe());
        }
        if (observed.services().isEmpty()) {
            reason.append("; the stack owns no ECS service");
        }
        return new Verdict(Outcome.SUCCEEDED, reason.toString(), null);
    }

    private static Verdict rolledBack(Request request, Progress progress, Observation observed) {
        String stack = request.stack();
        String why = progress.cancelled() ? "no verdict within " + request.timeout() + "; the update was cancelled"
                : orElse(progress.firstFailure(), "the update failed");
        List<String> notRestored = disagreements(observed, true);
        if (!notRestored.isEmpty()) {
            return new Verdict(Outcome.NEEDS_ATTENTION, why + "; stack " + stack + " rolled back but "
                    + String.join("; and ", notRestored), null);
        }
        StringBuilder reason = new StringBuilder(why + progress.stoppedTasks() + "; stack " + stack + " rolled back to "
                + (request.previousVersion() == null ? "the previous version" : "version " + request.previousVersion()));
        for (OwnedService service : observed.services()) {
            reason.append("; service ").append(service.name()).append(" is back on ")
                    .append(TaskDefinitionNames.shortName(service.expectedTaskDefinition()));
        }
        return new Verdict(progress.cancelled() ? Outcome.TIMED_OUT : Outcome.ROLLED_BACK, reason.toString(), null);
    }

    private static Verdict rollbackFailed(Request request, Progress progress) {
        String stack = request.stack();
        List<String> skip = progress.rollbackFailedResources();
        String recovery = "aws cloudformation continue-update-rollback --stack-name " + stack
                + (skip.isEmpty() ? "" : " --resources-to-skip " + String.join(" ", skip));
        return new Verdict(Outcome.NEEDS_ATTENTION, orElse(progress.firstFailure(), "the update failed")
                + "; then its rollback failed" + (skip.isEmpty() ? "" : " on " + String.join(" ", skip))
                + ". Stack " + stack + " is UPDATE_ROLLBACK_FAILED. Recover with: " + recovery, recovery);
    }

    /**
     * The verdict when CloudFormation finds nothing to change: UNCHANGED only when the stack's
     * parameter already names the version and every service runs the stack's task definition.
     */
    public static Verdict unchanged(Request request, Observation observed) {
        List<String> disagreements = disagreements(observed, false);
        String value = observed.parameters().get(request.parameter());
        if (!request.versionIn(value)) {
            disagreements.add(0, "its parameter " + request.parameter() + " is " + value + ", not " + request.parameterValue());
        }
        if (!disagreements.isEmpty()) {
            return new Verdict(Outcome.NEEDS_ATTENTION, "CloudFormation found nothing to change in stack " + request.stack()
                    + " for version " + request.version() + ", but " + String.join("; and ", disagreements), null);
        }
        return new Verdict(Outcome.UNCHANGED, "stack " + request.stack() + " already runs version " + request.version()
                + "; nothing to change", null);
    }

    /** Each service that does not run the stack's task definition as a COMPLETED PRIMARY, saying what it runs. */
    static List<String> disagreements(Observation observed, boolean alone) {
        List<String> found = new ArrayList<>();
        for (OwnedService service : observed.services()) {
            ServiceState state = observed.state(service);
            if (service.expectedTaskDefinition() == null) {
                found.add("berth cannot tell which task definition service " + service.name() + " must run (found "
                        + service.expectedFrom() + "); it " + state.describe());
            } else if (!state.runsCompleted(service.expectedTaskDefinition()) || (alone && state.deployments() > 1)) {
                found.add("service " + service.name() + " " + state.describe() + ", not "
                        + TaskDefinitionNames.shortName(service.expectedTaskDefinition()) + " that the stack names"
                        + (alone && state.deployments() > 1 ? " alone" : ""));
            }
        }
        return found;
    }

    private static String joined(List<String> disagreements) {
        return disagreements.isEmpty() ? "" : "; but " + String.join("; and ", disagreements);
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}

package dev.berth.engine.stack;

import dev.berth.engine.BerthException;
import dev.berth.engine.Outcome;
import dev.berth.engine.RefusedException;
import dev.berth.engine.Timing;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.PollLoop;
import dev.berth.engine.rollout.Sleeper;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.ValidateTemplateResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates or updates a whole stack from a template (the cluster stack, a new service stack),
 * as {@code aws cloudformation deploy} does but with its events shown and a plain verdict:
 * parameters not given keep their previous values.
 */
public final class StackDeployer {
    private final CloudFormationClient cfn;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DeploymentListener listener;

    public StackDeployer(CloudFormationClient cfn, Clock clock, Sleeper sleeper, DeploymentListener listener) {
        this.cfn = cfn;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /**
     * The end of a stack deploy: the verdict on {@code stack}, its final {@code stackStatus}, the
     * events seen and, when it succeeded, its outputs.
     */
    public record Result(Outcome outcome, String reason, String stack, String stackStatus, Timing timing,
                         List<StackEventView> events, Map<String, String> outputs) {
    }

    public Result deploy(String stack, String templateBody, Map<String, String> parameters, Duration timeout) {
        Instant started = clock.instant();
        ValidateTemplateResponse validated;
        try {
            validated = cfn.validateTemplate(r -> r.templateBody(templateBody));
        } catch (CloudFormationException e) {
            throw new RefusedException("the template is not valid: " + AwsErrors.describe(e), e);
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to validate the template", e);
        }
        List<String> declared = validated.parameters().stream().map(p -> p.parameterKey()).toList();
        for (String name : parameters.keySet()) {
            if (!declared.contains(name)) {
                throw new RefusedException("the template has no parameter '" + name + "' (its parameters: "
                        + String.join(", ", declared) + ")");
            }
        }
        Stack existing = existing(stack);
        boolean create = existing == null || "REVIEW_IN_PROGRESS".equals(existing.stackStatusAsString());
        if (!create && !StackStatuses.updatable(existing.stackStatusAsString())) {
            throw new RefusedException("stack " + stack + " is " + existing.stackStatusAsString() + " and cannot be updated");
        }
        List<Parameter> given = new ArrayList<>();
        for (String name : declared) {
            if (parameters.containsKey(name)) {
                given.add(Parameter.builder().parameterKey(name).parameterValue(parameters.get(name)).build());
            } else if (!create && existing.parameters().stream().anyMatch(p -> p.parameterKey().equals(name))) {
                given.add(Parameter.builder().parameterKey(name).usePreviousValue(true).build());
            }
        }
        String token = "berth-stack-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String id;
        try {
            id = cfn.createChangeSet(r -> r.stackName(stack).changeSetName(token).templateBody(templateBody)
                    .changeSetType(create ? ChangeSetType.CREATE : ChangeSetType.UPDATE).parameters(given)
                    .capabilitiesWithStrings(validated.capabilitiesAsStrings()).clientToken(token)).id();
        } catch (SdkException e) {
            throw AwsErrors.rejection("failed to create a change set for stack " + stack, e);
        }
        DescribeChangeSetResponse changeSet = ChangeSetCalls.await(cfn, id);
        if ("FAILED".equals(changeSet.statusAsString())) {
            String reason = String.valueOf(changeSet.statusReason());
            if (CloudFormationMessages.nothingToChange(reason)) {
                ChangeSetCalls.delete(cfn, id, listener, clock);
                return new Result(Outcome.UNCHANGED, "stack " + stack + " is up to date", stack,
                        existing.stackStatusAsString(), new Timing(started, clock.instant()), List.of(), outputs(stack));
            }
            throw new RefusedException("the change set for stack " + stack + " failed: " + reason);
        }
        String stackId = changeSet.stackId();
        StackEventStream events = new StackEventStream(cfn, listener, clock, stackId, stack);
        events.markNow();
        try {
            cfn.executeChangeSet(r -> r.changeSetName(id).clientRequestToken(token));
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to execute the change set of stack " + stack, e);
        }
        listener.on(new BerthEvent.PhaseChanged(clock.instant(), stack, create ? "creating" : "updating", "change set executed"));
        Instant deadline = started.plus(timeout);
        Duration[] delay = {Duration.ofSeconds(1)};
        try {
            boolean done = new PollLoop(clock, sleeper).run(deadline, () -> {
                boolean fresh = !events.poll().isEmpty();
                if (StackStatuses.terminal(events.stackStatus())) {
                    return Optional.empty();
                }
                delay[0] = fresh ? Duration.ofSeconds(1) : Duration.ofMillis(Math.min(5000, (long) (delay[0].toMillis() * 1.5)));
                return Optional.of(clock.instant().plus(delay[0]));
            });
            if (!done) {
                String reason = "no verdict within " + timeout + "; stack " + stack + " is still " + events.stackStatus();
                listener.on(new BerthEvent.VerdictReached(clock.instant(), stack, Outcome.TIMED_OUT, reason));
                return new Result(Outcome.TIMED_OUT, reason, stack, events.stackStatus(),
                        new Timing(started, clock.instant()), events.events(), Map.of());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("deploy of stack " + stack + " was interrupted", e);
        }
        String status = events.stackStatus();
        Outcome outcome = switch (status) {
            case "CREATE_COMPLETE", "UPDATE_COMPLETE" -> Outcome.SUCCEEDED;
            case "UPDATE_ROLLBACK_COMPLETE", "ROLLBACK_COMPLETE" -> Outcome.ROLLED_BACK;
            case "UPDATE_ROLLBACK_FAILED", "ROLLBACK_FAILED", "DELETE_FAILED" -> Outcome.NEEDS_ATTENTION;
            default -> Outcome.FAILED;
        };
        String failure = events.events().stream()
                .filter(e -> !e.isStackEvent() && e.status() != null && e.status().endsWith("_FAILED")
                        && e.reason() != null && !CloudFormationMessages.cancelled(e.reason()))
                .map(e -> e.logicalId() + ": " + e.reason()).findFirst().orElse(null);
        String reason = "stack " + stack + " is " + status + (failure == null ? "" : " (" + failure + ")");
        listener.on(new BerthEvent.VerdictReached(clock.instant(), stack, outcome, reason));
        return new Result(outcome, reason, stack, status, new Timing(started, clock.instant()), events.events(),
                outcome == Outcome.SUCCEEDED ? outputs(stack) : Map.of());
    }

    private Stack existing(String stack) {
        try {
            return cfn.describeStacks(r -> r.stackName(stack)).stacks().stream().findFirst().orElse(null);
        } catch (CloudFormationException e) {
            if (CloudFormationMessages.stackMissing(AwsErrors.errorCode(e), e.getMessage())) {
                return null;
            }
            throw AwsErrors.wrap("failed to describe stack " + stack, e);
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to describe stack " + stack, e);
        }
    }

    private Map<String, String> outputs(String stack) {
        Stack described = existing(stack);
        Map<String, String> outputs = new java.util.LinkedHashMap<>();
        if (described != null) {
            described.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
        }
        return outputs;
    }
}

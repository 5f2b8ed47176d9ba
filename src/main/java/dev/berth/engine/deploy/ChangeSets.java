package dev.berth.engine.deploy;

import dev.berth.engine.RefusedException;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.stack.ChangeSetCalls;
import dev.berth.engine.stack.CloudFormationMessages;
import dev.berth.engine.stack.PlannedChange;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.ResourceChangeDetail;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Change sets for a new version: every parameter but the version keeps its previous value, the
 * previous template is reused, and the capabilities the template needs are granted. Waiting for
 * one uses the SDK's change-set waiter.
 */
public final class ChangeSets {
    private final CloudFormationClient cfn;
    private final DeploymentListener listener;
    private final Clock clock;

    public ChangeSets(CloudFormationClient cfn, DeploymentListener listener, Clock clock) {
        this.cfn = cfn;
        this.listener = listener;
        this.clock = clock;
    }

    /** A created change set: its id, whether it would change anything, and what it would change. */
    public record Prepared(String id, boolean empty, String statusReason, List<PlannedChange> changes) {
    }

    public Prepared prepare(PreFlightReport pre, DeployOptions options, String token) {
        List<Parameter> parameters = new ArrayList<>();
        for (Map.Entry<String, String> parameter : pre.parameters().entrySet()) {
            parameters.add(parameter.getKey().equals(options.parameter())
                    ? Parameter.builder().parameterKey(parameter.getKey()).parameterValue(pre.parameterValue()).build()
                    : Parameter.builder().parameterKey(parameter.getKey()).usePreviousValue(true).build());
        }
        String name = "berth-" + options.verb().command() + "-" + options.version().replaceAll("[^A-Za-z0-9]", "-")
                + "-" + token.substring(token.length() - 8);
        String about = "berth " + options.verb().command() + " of version " + options.version()
                + " by " + options.who() + (options.approvedBy() == null ? "" : ", approved by " + options.approvedBy())
                + (options.reason() == null ? "" : ": " + options.reason());
        String description = about.length() > 1024 ? about.substring(0, 1023) + "…" : about; // CloudFormation's limit
        String id;
        try {
            id = cfn.createChangeSet(r -> r.stackName(pre.stackName()).changeSetName(name.length() > 128 ? name.substring(0, 128) : name)
                    .changeSetType(ChangeSetType.UPDATE).usePreviousTemplate(true).parameters(parameters)
                    .capabilitiesWithStrings(pre.capabilities()).clientToken(token)
                    .description(description)).id();
        } catch (SdkException e) {
            throw AwsErrors.rejection("failed to create a change set for stack " + pre.stackName(), e);
        }
        DescribeChangeSetResponse described = ChangeSetCalls.await(cfn, id);
        if ("FAILED".equals(described.statusAsString())) {
            String reason = String.valueOf(described.statusReason());
            if (CloudFormationMessages.nothingToChange(reason)) {
                delete(id);
                return new Prepared(id, true, reason, List.of());
            }
            throw new RefusedException("the change set for stack " + pre.stackName() + " failed: " + reason);
        }
        return new Prepared(id, false, described.statusReason(), changes(id));
    }

    private List<PlannedChange> changes(String id) {
        List<PlannedChange> planned = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            DescribeChangeSetResponse response = cfn.describeChangeSet(r -> r.changeSetName(id).nextToken(page));
            for (Change change : response.changes()) {
                if (change.resourceChange() == null) {
                    continue;
                }
                var rc = change.resourceChange();
                List<String> causes = new ArrayList<>();
                for (ResourceChangeDetail detail : rc.details()) {
                    String cause = detail.causingEntity() != null ? detail.causingEntity()
                            : detail.target() == null ? null : detail.target().name();
                    if (cause != null && !causes.contains(cause)) {
                        causes.add(cause);
                    }
                }
                planned.add(new PlannedChange(rc.actionAsString(), rc.logicalResourceId(), rc.resourceType(),
                        rc.physicalResourceId(), rc.replacementAsString(), List.copyOf(causes)));
            }
            token = response.nextToken();
        } while (token != null);
        return planned;
    }

    public void delete(String id) {
        ChangeSetCalls.delete(cfn, id, listener, clock);
    }
}

package dev.berth.engine.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.RefusedException;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.deploy.DeployOptions;
import dev.berth.engine.deploy.OperationTokens;
import dev.berth.engine.history.HistoryEntry.Ending;
import dev.berth.engine.history.HistoryEntry.FoundVersion;
import dev.berth.engine.history.StackOperations.Operation;
import dev.berth.engine.stack.CloudFormationMessages;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code berth history}: the versions a stack has run, read back from CloudFormation's own stack
 * events, which outlive any build machine. Operations are told apart by the stack's statuses;
 * each one's version is the image of the task definition it registered: from the events'
 * ResourceProperties when they carry them, else from the task definition itself in ECS, else from
 * the change set berth named for it, else (the latest, if it succeeded) from the stack's parameter.
 * Who ran it comes from berth's ClientRequestToken on the events. An entry whose version could not
 * be found has no {@code versionFrom}: the history is then incomplete and says so.
 */
public final class HistoryReader {
    private final CloudFormationClient cfn;
    private final EcsClient ecs;
    private final ObjectMapper json = new ObjectMapper();

    public HistoryReader(CloudFormationClient cfn) {
        this(cfn, null);
    }

    /** @param ecs null when task definitions cannot be read */
    public HistoryReader(CloudFormationClient cfn, EcsClient ecs) {
        this.cfn = cfn;
        this.ecs = ecs;
    }

    /** The operations on {@code stack}, newest first. */
    public List<HistoryEntry> read(String stack) {
        return read(stack, DeployOptions.DEFAULT_PARAMETER);
    }

    /** The operations on {@code stack}, newest first; {@code parameter} holds the version. */
    public List<HistoryEntry> read(String stack, String parameter) {
        List<StackEvent> events = events(stack);
        Collections.reverse(events); // oldest first
        ChangeSetVersions changeSets = new ChangeSetVersions(cfn, stack, parameter);
        ServiceDeployments deployments = new ServiceDeployments(cfn, ecs, stack);
        List<HistoryEntry> entries = new ArrayList<>();
        String lastVersion = null;
        String lastImage = null;
        List<Operation> operations = StackOperations.split(events, this::image);
        for (int i = 0; i < operations.size(); i++) {
            Operation operation = operations.get(i);
            FoundVersion found = version(operation, changeSets);
            if (found == null) {
                found = fromStateAround(operations, i, changeSets, deployments);
            }
            if (found == null && operation.resourceEvents && !operation.registeredTaskDefinition && lastVersion != null) {
                found = new FoundVersion(lastVersion, lastImage, "an earlier operation (this one registered no task definition)");
            }
            HistoryEntry entry = entry(operation, found);
            entries.add(entry);
            if (found != null && (entry.succeeded() || !operation.registeredTaskDefinition)) {
                lastVersion = found.version();
                lastImage = found.image();
            }
        }
        Collections.reverse(entries);
        return fromStackParameter(stack, parameter, entries);
    }

    private FoundVersion version(Operation operation, ChangeSetVersions changeSets) {
        if (operation.imageFromProperties != null) {
            return new FoundVersion(versionOf(operation.imageFromProperties), operation.imageFromProperties,
                    "the task definition's properties in the stack events");
        }
        String image = operation.taskDefinition == null ? null : taskDefinitionImage(operation.taskDefinition);
        if (image != null) {
            return new FoundVersion(versionOf(image), image, "the image of task definition "
                    + operation.taskDefinition.substring(operation.taskDefinition.lastIndexOf('/') + 1));
        }
        Optional<String> fromChangeSet = changeSets.versionFor(operation.start.clientRequestToken());
        return fromChangeSet.map(v -> new FoundVersion(v, null, "berth's change set")).orElse(null);
    }

    /**
     * Without a token or a task definition on the events: berth's change set executed just before
     * the operation started, else the deployment a service started during it.
     */
    private FoundVersion fromStateAround(List<Operation> operations, int index, ChangeSetVersions changeSets,
            ServiceDeployments deployments) {
        Operation operation = operations.get(index);
        Instant started = operation.start.timestamp();
        Instant previous = index == 0 ? null : operations.get(index - 1).start.timestamp();
        Instant next = index + 1 < operations.size() ? operations.get(index + 1).start.timestamp() : null;
        if (operation.start.clientRequestToken() == null) {
            Optional<String> fromChangeSet = changeSets.versionExecutedBetween(previous, started);
            if (fromChangeSet.isPresent()) {
                return new FoundVersion(fromChangeSet.get(), null, "berth's change set executed as it started");
            }
        }
        // after the previous operation ended, not from this one's first event: an endpoint may stamp that
        // event after the resources it made
        StackEvent previousEnd = index == 0 ? null : operations.get(index - 1).end;
        Instant from = previousEnd != null ? previousEnd.timestamp() : previous;
        Optional<String> taskDefinition = deployments.taskDefinitionStartedBetween(from, next);
        String image = taskDefinition.map(this::taskDefinitionImage).orElse(null);
        return image == null ? null : new FoundVersion(versionOf(image), image, "the image of task definition "
                + taskDefinition.get().substring(taskDefinition.get().lastIndexOf('/') + 1) + " of the deployment it started");
    }

    /** The newest entry, when it succeeded and nothing else named its version, runs what the stack's parameter says. */
    private List<HistoryEntry> fromStackParameter(String stack, String parameter, List<HistoryEntry> entries) {
        if (entries.isEmpty() || entries.get(0).version() != null || !entries.get(0).succeeded()) {
            return entries;
        }
        String value;
        try {
            value = cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).parameters().stream()
                    .filter(p -> p.parameterKey().equals(parameter)).map(Parameter::parameterValue).findFirst().orElse(null);
        } catch (SdkException | IndexOutOfBoundsException e) {
            return entries;
        }
        if (value == null) {
            return entries;
        }
        HistoryEntry newest = entries.get(0);
        List<HistoryEntry> copy = new ArrayList<>(entries);
        String version = value.contains(":") || value.contains("@") ? versionOf(value) : value;
        copy.set(0, newest.withVersion(new FoundVersion(version, newest.found().image(), "the stack's parameter " + parameter)));
        return copy;
    }

    private HistoryEntry entry(Operation operation, FoundVersion found) {
        StackEvent start = operation.start;
        StackEvent end = operation.end;
        String status = end == null ? start.resourceStatusAsString() : end.resourceStatusAsString();
        String kind = start.resourceStatusAsString().replace("_IN_PROGRESS", "").toLowerCase(Locale.ROOT);
        HistoryEntry.Operation what = new HistoryEntry.Operation(kind, status, Ending.of(end == null ? null : status),
                start.clientRequestToken());
        return new HistoryEntry(start.timestamp(), end == null ? null : end.timestamp(), what,
                OperationTokens.parse(start.clientRequestToken()).orElse(null), found);
    }

    private String taskDefinitionImage(String taskDefinition) {
        if (ecs == null) {
            return null;
        }
        try {
            var containers = ecs.describeTaskDefinition(r -> r.taskDefinition(taskDefinition)).taskDefinition().containerDefinitions();
            return containers.isEmpty() ? null : containers.get(0).image();
        } catch (SdkException e) {
            return null; // deleted or not readable: the next source may know
        }
    }

    private List<StackEvent> events(String stack) {
        List<StackEvent> events = new ArrayList<>();
        try {
            String token = null;
            do {
                String page = token;
                DescribeStackEventsResponse response = cfn.describeStackEvents(r -> r.stackName(stack).nextToken(page));
                events.addAll(response.stackEvents());
                token = response.nextToken();
            } while (token != null);
        } catch (CloudFormationException e) {
            if (CloudFormationMessages.stackMissing(AwsErrors.errorCode(e), e.getMessage())) {
                throw new RefusedException("stack " + stack + " was not found", e);
            }
            throw AwsErrors.wrap("failed to read the events of stack " + stack, e);
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to read the events of stack " + stack, e);
        }
        return events;
    }

    /** The first container's image in a task definition's properties. */
    private String image(String properties) {
        try {
            JsonNode node = json.readTree(properties);
            JsonNode image = node.path("ContainerDefinitions").path(0).path("Image");
            return image.isMissingNode() ? null : image.asText();
        } catch (IOException e) {
            return null;
        }
    }

    /** The tag of an image reference, or its digest when pinned. */
    static String versionOf(String image) {
        if (image == null) {
            return null;
        }
        int at = image.indexOf('@');
        if (at >= 0) {
            return image.substring(at + 1);
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(colon + 1) : "latest";
    }

    /** Incomplete: some operation's version could not be found anywhere. */
    public static boolean incomplete(List<HistoryEntry> entries) {
        return entries.stream().anyMatch(e -> !e.found().found());
    }
}

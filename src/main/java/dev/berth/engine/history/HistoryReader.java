package dev.berth.engine.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.RefusedException;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.deploy.OperationTokens;
import dev.berth.engine.stack.StackStatuses;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * {@code berth history}: the versions a stack has run, read back from CloudFormation's own
 * stack events, which outlive any build machine. Each operation runs from a "User Initiated"
 * stack event to its final status; its version is the image tag the task definition was given;
 * who ran it comes from berth's ClientRequestToken on the events.
 */
public final class HistoryReader {
    private final CloudFormationClient cfn;
    private final ObjectMapper json = new ObjectMapper();

    public HistoryReader(CloudFormationClient cfn) {
        this.cfn = cfn;
    }

    /** The operations on {@code stack}, newest first. */
    public List<HistoryEntry> read(String stack) {
        List<StackEvent> events = events(stack);
        Collections.reverse(events); // oldest first
        List<HistoryEntry> entries = new ArrayList<>();
        Operation current = null;
        String lastVersion = null;
        String lastImage = null;
        for (StackEvent event : events) {
            boolean stackEvent = "AWS::CloudFormation::Stack".equals(event.resourceType())
                    && event.logicalResourceId().equals(event.stackName());
            String status = event.resourceStatusAsString();
            if (stackEvent && "User Initiated".equals(event.resourceStatusReason()) && StackStatuses.inProgress(status)) {
                if (current != null) {
                    entries.add(current.entry(lastVersion, lastImage));
                }
                current = new Operation(event);
                continue;
            }
            if (current == null) {
                continue;
            }
            if (stackEvent && StackStatuses.terminal(status)) {
                current.end(event);
                HistoryEntry entry = current.entry(lastVersion, lastImage);
                entries.add(entry);
                if (entry.succeeded() || current.image == null) {
                    lastVersion = entry.version();
                    lastImage = entry.image();
                }
                current = null;
            } else if ("AWS::ECS::TaskDefinition".equals(event.resourceType()) && event.resourceProperties() != null
                    && current.image == null && status.endsWith("_IN_PROGRESS")) {
                current.image = image(event.resourceProperties());
            }
        }
        if (current != null) {
            entries.add(current.entry(lastVersion, lastImage));
        }
        Collections.reverse(entries);
        return entries;
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
            if (String.valueOf(e.getMessage()).contains("does not exist")) {
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

    /** One operation while it is being read. */
    private static final class Operation {
        final StackEvent start;
        StackEvent end;
        String image;

        Operation(StackEvent start) {
            this.start = start;
        }

        void end(StackEvent event) {
            this.end = event;
        }

        HistoryEntry entry(String lastVersion, String lastImage) {
            String status = end == null ? start.resourceStatusAsString() : end.resourceStatusAsString();
            String operation = start.resourceStatusAsString().replace("_IN_PROGRESS", "").toLowerCase(Locale.ROOT);
            var parsed = OperationTokens.parse(start.clientRequestToken());
            String verb = parsed.map(p -> p.verb().name().toLowerCase(Locale.ROOT)).orElse(operation);
            String who = parsed.map(OperationTokens.Parsed::who).orElse(null);
            String approvedBy = parsed.map(OperationTokens.Parsed::approvedBy).orElse(null);
            String shownImage = image != null ? image : lastImage;
            String version = image != null ? versionOf(image) : lastVersion;
            return new HistoryEntry(start.timestamp(), end == null ? null : end.timestamp(), operation, verb, who, approvedBy, version,
                    shownImage, outcomeOf(end == null ? null : status), status, start.clientRequestToken());
        }

        private static String outcomeOf(String status) {
            if (status == null) {
                return "IN_PROGRESS";
            }
            return switch (status) {
                case "CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE" -> "SUCCEEDED";
                case "UPDATE_ROLLBACK_COMPLETE", "ROLLBACK_COMPLETE", "IMPORT_ROLLBACK_COMPLETE" -> "ROLLED_BACK";
                case "UPDATE_ROLLBACK_FAILED", "ROLLBACK_FAILED" -> "NEEDS_ATTENTION";
                case "DELETE_COMPLETE" -> "DELETED";
                default -> "FAILED";
            };
        }
    }
}

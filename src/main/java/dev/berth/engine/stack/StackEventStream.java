package dev.berth.engine.stack;

import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.CallBudget;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events of one stack operation as they happen, oldest first: every page back to the last
 * event already seen, and the events of nested stacks the operation touches.
 */
public final class StackEventStream {
    private static final String NESTED_STACK = "AWS::CloudFormation::Stack";

    private final CloudFormationClient cfn;
    private final DeploymentListener listener;
    private final Clock clock;
    private final String stackId;
    private final String label;
    private final Set<String> seen = new HashSet<>();
    private final Map<String, StackEventStream> nested = new LinkedHashMap<>();
    private final List<StackEventView> events = new ArrayList<>();
    private Instant since;
    private String stackStatus;
    private int calls;
    private CallBudget budget = CallBudget.NONE;

    public StackEventStream(CloudFormationClient cfn, DeploymentListener listener, Clock clock, String stackId, String label) {
        this.cfn = cfn;
        this.listener = listener;
        this.clock = clock;
        this.stackId = stackId;
        this.label = label;
    }

    /** Bounds every later call (nested stacks' too) by {@code budget}. */
    public void bound(CallBudget budget) {
        this.budget = budget;
        nested.values().forEach(child -> child.bound(budget));
    }

    /** Takes the events that exist now as already seen: only later ones are reported. */
    public void markNow() {
        List<StackEvent> newest = page(null).stackEvents();
        for (StackEvent event : newest) {
            seen.add(event.eventId());
        }
        since = newest.isEmpty() ? null : newest.get(0).timestamp();
    }

    /**
     * Takes everything before the operation now under way as seen, so that its events so far are
     * reported again (after a re-run of berth, say).
     */
    public void markAtCurrentOperation() {
        // the operation starts at the oldest stack event after the last one with a final status;
        // "User Initiated" would say so too, but not every CloudFormation (or emulator) writes it
        StackEvent start = null;
        String token = null;
        outer:
        do {
            DescribeStackEventsResponse response = page(token);
            for (StackEvent event : response.stackEvents()) {
                boolean stackEvent = event.logicalResourceId().equals(name()) && NESTED_STACK.equals(event.resourceType());
                if (!stackEvent) {
                    continue;
                }
                if (StackStatuses.terminal(event.resourceStatusAsString())) {
                    break outer;
                }
                start = event;
                if (CloudFormationMessages.USER_INITIATED.equals(event.resourceStatusReason())) {
                    break outer;
                }
            }
            token = response.nextToken();
        } while (token != null);
        if (start != null) {
            since = start.timestamp();
            collectOlderThan(start.timestamp());
        }
    }

    private void collectOlderThan(Instant start) {
        String token = null;
        do {
            DescribeStackEventsResponse response = page(token);
            for (StackEvent event : response.stackEvents()) {
                if (event.timestamp().isBefore(start)) {
                    seen.add(event.eventId());
                }
            }
            token = response.nextToken();
        } while (token != null);
    }

    /** Reads and publishes the events not seen yet; returns them oldest first. */
    public List<StackEventView> poll() {
        List<StackEvent> fresh = new ArrayList<>();
        String token = null;
        outer:
        do {
            DescribeStackEventsResponse response = page(token);
            for (StackEvent event : response.stackEvents()) {
                if (seen.contains(event.eventId()) || since != null && event.timestamp().isBefore(since)) {
                    break outer;
                }
                fresh.add(event);
            }
            token = response.nextToken();
        } while (token != null);
        List<StackEventView> views = new ArrayList<>();
        for (int i = fresh.size() - 1; i >= 0; i--) {
            StackEvent event = fresh.get(i);
            seen.add(event.eventId());
            StackEventView view = new StackEventView(event.stackName(), event.eventId(), event.timestamp(),
                    event.logicalResourceId(), event.physicalResourceId(), event.resourceType(),
                    event.resourceStatusAsString(), event.resourceStatusReason(), event.clientRequestToken(),
                    event.resourceProperties(), clock.instant());
            views.add(view);
            events.add(view);
            if (view.isStackEvent()) {
                stackStatus = view.status();
            }
            listener.on(new BerthEvent.StackEventObserved(clock.instant(), label, view.timestamp(), view.logicalId(),
                    view.resourceType(), view.status(), view.reason()));
            followNested(view);
        }
        for (StackEventStream child : nested.values()) {
            views.addAll(child.poll());
        }
        return views;
    }

    private void followNested(StackEventView view) {
        if (NESTED_STACK.equals(view.resourceType()) && !view.isStackEvent() && view.physicalId() != null
                && view.physicalId().startsWith("arn:") && !nested.containsKey(view.physicalId())) {
            StackEventStream child = new StackEventStream(cfn, listener, clock, view.physicalId(), label + "/" + view.logicalId());
            child.since = view.timestamp();
            child.budget = budget;
            nested.put(view.physicalId(), child);
        }
    }

    private DescribeStackEventsResponse page(String token) {
        try {
            calls++;
            return cfn.describeStackEvents(r -> r.stackName(stackId).nextToken(token).overrideConfiguration(budget.override()));
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to read the events of stack " + name(), e);
        }
    }

    /** The stack's status as its own latest event says, or null before any. */
    public String stackStatus() {
        return stackStatus;
    }

    public List<StackEventView> events() {
        return List.copyOf(events);
    }

    public int calls() {
        int total = calls;
        for (StackEventStream child : nested.values()) {
            total += child.calls();
        }
        return total;
    }

    private String name() {
        String[] parts = stackId.split("/");
        return parts.length >= 2 ? parts[1] : stackId;
    }
}

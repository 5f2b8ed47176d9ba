package dev.berth.sim.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.sim.cloudformation.resources.InstanceFleet;
import dev.berth.sim.cloudformation.resources.ResourceOperation;
import dev.berth.sim.cloudformation.resources.ResourceProvider;
import dev.berth.sim.cloudformation.resources.ResourceRequest;
import dev.berth.sim.cloudformation.resources.ResourceResult;
import dev.berth.sim.cloudformation.resources.ResourceState;
import dev.berth.sim.cloudformation.signals.RollingUpdatePolicy;
import dev.berth.sim.cloudformation.signals.SignalPolicy;
import dev.berth.cfn.DependencyGraph;
import dev.berth.cfn.ResourceDeclaration;
import dev.berth.cfn.Template;
import dev.berth.cfn.TemplateEvaluator;
import dev.berth.cfn.TemplateException;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One create, update or delete of a stack, carried out over simulated time as CloudFormation
 * does it: resources in dependency order (independent ones at once), replacements created first
 * and the old ones deleted in the cleanup phase, and on failure a rollback that restores what was
 * changed. It is advanced on every step of the world until it ends.
 */
final class StackOperation {
    enum Kind { CREATE, UPDATE, DELETE }

    private static final String AUTO_SCALING_GROUP = "AWS::AutoScaling::AutoScalingGroup";

    private enum Phase { FORWARD, CLEANUP, ROLLBACK, ROLLBACK_FAILED, ROLLBACK_CLEANUP, DONE }

    private enum Action { CREATE, UPDATE, REPLACE, DELETE, REVERT, AWAIT_SIGNALS }

    private record InFlight(String logicalId, Action action, ResourceOperation operation, boolean cleanup) {
    }

    private final CloudFormationEngine engine;
    private final CfnRegion region;
    private final SimStack stack;
    private final Kind kind;
    private final String token;
    private final Template oldTemplate;
    private final Map<String, String> oldParameters;
    private final List<Map.Entry<String, String>> oldTags;
    private final Template newTemplate;
    private final Map<String, String> newParameters;
    private final Map<String, String> oldResolved;
    private final Map<String, String> newResolved;
    private final SimChangeSet changeSet;
    private final String onFailure;

    private Phase phase = Phase.FORWARD;
    /** An update that rolls a nested stack back with its parent: its statuses are UPDATE_ROLLBACK_*. */
    private final boolean asRollback;
    private boolean succeeded;
    private TemplateEvaluator evaluator;
    private DependencyGraph graph;
    private final Map<String, InFlight> inFlight = new LinkedHashMap<>();
    private final Set<String> settled = new HashSet<>();
    private final List<String> failed = new ArrayList<>();
    private String cancelReason;
    /** What each resource this operation touched looked like before it. */
    private final Map<String, SimStackResource.Snapshot> before = new LinkedHashMap<>();
    private final Set<String> added = new LinkedHashSet<>();
    /** Resources whose creation reported its physical id as it began (nested stacks). */
    private final Set<String> initiated = new HashSet<>();
    private final Set<String> updatedInPlace = new LinkedHashSet<>();
    /** Replaced resources: the physical resource made by this operation, deleted again on rollback. */
    private final Map<String, SimStackResource.Snapshot> replacements = new LinkedHashMap<>();
    private final Deque<Runnable> queue = new ArrayDeque<>();
    private final List<String> rollbackFailures = new ArrayList<>();
    private final Set<String> skipOnContinue = new HashSet<>();
    /** Resources of this operation that wait for signals, by logical id. */
    private final Map<String, SignalWait> awaiting = new LinkedHashMap<>();

    StackOperation(CloudFormationEngine engine, CfnRegion region, SimStack stack, Kind kind, String token,
                   Template newTemplate, Map<String, String> newParameters, Map<String, String> newResolved,
                   SimChangeSet changeSet, String onFailure, boolean asRollback) {
        this.asRollback = asRollback;
        this.oldResolved = Map.copyOf(stack.resolvedValues);
        this.newResolved = Map.copyOf(newResolved);
        this.engine = engine;
        this.region = region;
        this.stack = stack;
        this.kind = kind;
        this.token = token;
        this.oldTemplate = stack.template;
        this.oldParameters = Map.copyOf(stack.parameters);
        this.oldTags = List.copyOf(stack.tags);
        this.newTemplate = newTemplate;
        this.newParameters = newParameters;
        this.changeSet = changeSet;
        this.onFailure = onFailure;
    }

    // ---- starting ----

    void start() {
        Instant now = engine.now();
        switch (kind) {
            case CREATE -> {
                stackStatus("CREATE_IN_PROGRESS", "User Initiated");
                beginForward(newTemplate, newParameters);
            }
            case UPDATE -> {
                stack.lastUpdatedTime = now;
                stackStatus("UPDATE_IN_PROGRESS", "User Initiated");
                beginForward(newTemplate, newParameters);
            }
            case DELETE -> {
                stackStatus("DELETE_IN_PROGRESS", "User Initiated");
                beginDelete();
            }
        }
        if (changeSet != null) {
            changeSet.executionStatus = "EXECUTE_IN_PROGRESS";
        }
    }

    private void beginForward(Template template, Map<String, String> parameters) {
        stack.template = template;
        stack.parameters = new LinkedHashMap<>(parameters);
        stack.resolvedValues = newResolved;
        try {
            evaluator = new TemplateEvaluator(template, engine.context(region, stack, template, parameters, newResolved));
            graph = evaluator.dependencyGraph();
        } catch (TemplateException e) {
            fail(stack.name, e.getMessage());
            graph = null;
        }
    }

    private void beginDelete() {
        for (CfnRegion.Export export : region.exports.values()) {
            if (export.stackId.equals(stack.stackId) && !export.importers.isEmpty()) {
                // the stack stays as it was, as CloudFormation leaves it
                stackStatus(stack.statusBeforeOperation, "Export " + export.name + " cannot be deleted as it is in use by "
                        + String.join(" and ", export.importers));
                complete(false);
                return;
            }
        }
        List<String> order = deletionOrder(stack.template, stack.parameters, stack.resources.keySet());
        for (String logicalId : order) {
            queue.add(() -> startDelete(logicalId, false));
        }
    }

    // ---- advancing ----

    /** Polls what is under way and starts what may start; called on every step of the world. */
    void advance() {
        pollInFlight();
        switch (phase) {
            case FORWARD -> advanceForward();
            case CLEANUP, ROLLBACK_CLEANUP -> advanceQueue();
            case ROLLBACK -> advanceRollback();
            case ROLLBACK_FAILED, DONE -> { }
        }
    }

    boolean done() {
        return phase == Phase.DONE;
    }

    /** Whether the operation, once done, did what it was asked. */
    boolean succeeded() {
        return succeeded;
    }

    boolean cancellable() {
        return kind == Kind.UPDATE && phase == Phase.FORWARD && cancelReason == null && failed.isEmpty();
    }

    /**
     * CloudFormation stops waiting on resources being updated in place (an ECS service that would
     * stabilize in hours, or never) and rolls them back; resources being created are waited for.
     */
    void cancel() {
        cancelReason = "Resource update cancelled";
        for (InFlight flight : List.copyOf(inFlight.values())) {
            if (flight.action() == Action.UPDATE && !flight.cleanup()) {
                inFlight.remove(flight.logicalId());
                flight.operation().cancel();
                updatedInPlace.add(flight.logicalId());
                resourceEvent(stack.resources.get(flight.logicalId()), "UPDATE_FAILED", cancelReason, null);
            }
        }
    }

    boolean waitingToContinueRollback() {
        return phase == Phase.ROLLBACK_FAILED;
    }

    void continueRollback(List<String> resourcesToSkip) {
        skipOnContinue.addAll(resourcesToSkip);
        stackStatus("UPDATE_ROLLBACK_IN_PROGRESS", "User Initiated");
        phase = Phase.ROLLBACK;
        List<String> retry = new ArrayList<>(rollbackFailures);
        rollbackFailures.clear();
        for (String logicalId : retry) {
            if (skipOnContinue.contains(logicalId)) {
                SimStackResource resource = stack.resources.get(logicalId);
                resourceEvent(resource, "UPDATE_COMPLETE", "Resource skipped during rollback", null);
            } else {
                queue.addFirst(() -> startRevert(logicalId));
            }
        }
    }

    private void pollInFlight() {
        Instant now = engine.now();
        for (Iterator<InFlight> it = new ArrayList<>(inFlight.values()).iterator(); it.hasNext(); ) {
            InFlight flight = it.next();
            Optional<ResourceResult> result = flight.operation().poll(now);
            if (result.isPresent()) {
                inFlight.remove(flight.logicalId());
                finish(flight, result.get());
            }
        }
    }

    private void advanceForward() {
        if (kind == Kind.DELETE) {
            advanceQueue();
            return;
        }
        if (graph == null || !failed.isEmpty() || cancelReason != null) {
            if (inFlight.isEmpty()) {
                beginRollback();
            }
            return;
        }
        Set<String> included = new LinkedHashSet<>();
        for (ResourceDeclaration declaration : evaluator.includedResources()) {
            included.add(declaration.logicalId());
        }
        for (String logicalId : graph.readyToCreate(settled)) {
            if (included.contains(logicalId) && !settled.contains(logicalId) && !inFlight.containsKey(logicalId)) {
                startForward(newTemplate.resources().get(logicalId));
                if (!failed.isEmpty()) {
                    return;
                }
            }
        }
        if (inFlight.isEmpty() && settled.containsAll(included)) {
            finishForward(included);
        }
    }

    /** Runs queued steps one at a time; when the queue is empty the phase ends. */
    private void advanceQueue() {
        while (inFlight.isEmpty() && !queue.isEmpty()) {
            queue.poll().run();
        }
        if (inFlight.isEmpty() && queue.isEmpty()) {
            endPhase();
        }
    }

    private void advanceRollback() {
        while (inFlight.isEmpty() && !queue.isEmpty()) {
            queue.poll().run();
        }
        if (inFlight.isEmpty() && queue.isEmpty()) {
            if (!rollbackFailures.isEmpty()) {
                phase = Phase.ROLLBACK_FAILED;
                stackStatus(kind == Kind.CREATE ? "ROLLBACK_FAILED" : "UPDATE_ROLLBACK_FAILED",
                        failureList(kind == Kind.CREATE ? "delete" : "update", rollbackFailures));
                engine.operationEnded(stack, this, false);
                return;
            }
            endPhase();
        }
    }

    // ---- forward steps ----

    private void startForward(ResourceDeclaration declaration) {
        String logicalId = declaration.logicalId();
        JsonNode properties;
        try {
            properties = evaluator.properties(declaration);
        } catch (TemplateException e) {
            SimStackResource resource = stack.resources.computeIfAbsent(logicalId, id -> new SimStackResource(id, declaration.type()));
            resourceEvent(resource, kind == Kind.CREATE || resource.physicalId == null ? "CREATE_FAILED" : "UPDATE_FAILED",
                    e.getMessage(), null);
            fail(logicalId, e.getMessage());
            return;
        }
        SimStackResource existing = stack.resources.get(logicalId);
        ResourceProvider provider = engine.providers().of(declaration.type());
        List<String> unresolved = new ArrayList<>();
        JsonNode given = DynamicReferences.mentioned(properties)
                ? DynamicReferences.resolve(properties, name -> engine.ssmValue(region, name), unresolved) : properties;
        if (!unresolved.isEmpty()) {
            String reason = "Unable to fetch parameters [" + String.join(",", unresolved) + "] from parameter store for this account.";
            SimStackResource resource = existing != null ? existing : new SimStackResource(logicalId, declaration.type());
            stack.resources.putIfAbsent(logicalId, resource);
            resourceEvent(resource, resource.physicalId == null ? "CREATE_FAILED" : "UPDATE_FAILED", reason, null);
            fail(logicalId, reason);
            return;
        }
        ResourceRequest request = new ResourceRequest(region.name, region.accountId, stack.name, stack.stackId,
                logicalId, declaration.type(), given);
        if (existing == null || existing.physicalId == null) {
            SimStackResource resource = existing != null ? existing : new SimStackResource(logicalId, declaration.type());
            resource.type = declaration.type();
            resource.properties = properties;
            resource.metadata = declaration.metadata().orElse(null);
            stack.resources.put(logicalId, resource);
            added.add(logicalId);
            resourceEvent(resource, "CREATE_IN_PROGRESS", null, properties);
            if (!expectSignals(declaration, resource, "CREATE_IN_PROGRESS")) {
                return;
            }
            ResourceOperation creation = provider.create(request);
            inFlight.put(logicalId, new InFlight(logicalId, Action.CREATE, creation, false));
            creation.physicalIdAtStart().ifPresent(id -> {
                resource.physicalId = id;
                resourceEvent(resource, "CREATE_IN_PROGRESS", "Resource creation Initiated", properties);
                initiated.add(logicalId);
            });
            return;
        }
        if (existing.type.equals(declaration.type()) && properties.equals(existing.properties)) {
            settled.add(logicalId); // unchanged: no events, as CloudFormation does
            return;
        }
        before.put(logicalId, existing.snapshot());
        boolean replace = !existing.type.equals(declaration.type()) || requiresReplacement(existing, properties);
        existing.metadata = declaration.metadata().orElse(null);
        if (replace) {
            resourceEvent(existing, "UPDATE_IN_PROGRESS",
                    "Requested update requires the creation of a new physical resource; hence creating one.", properties);
            existing.type = declaration.type();
            existing.properties = properties;
            if (!expectSignals(declaration, existing, "UPDATE_IN_PROGRESS")) {
                return;
            }
            ResourceOperation creation = provider.create(request);
            inFlight.put(logicalId, new InFlight(logicalId, Action.REPLACE, creation, false));
            if (creation.physicalIdAtStart().isPresent()) { // the old physical id stays until the new resource is complete
                resourceEvent(existing, "UPDATE_IN_PROGRESS", "Resource creation Initiated", properties);
                initiated.add(logicalId);
            }
        } else {
            resourceEvent(existing, "UPDATE_IN_PROGRESS", null, properties);
            JsonNode oldProperties = existing.properties;
            existing.properties = properties;
            ResourceOperation update = provider.update(request, state(existing, before.get(logicalId)));
            inFlight.put(logicalId, new InFlight(logicalId, Action.UPDATE, inPlaceUpdate(declaration, existing, oldProperties, update), false));
        }
    }

    private boolean requiresReplacement(SimStackResource existing, JsonNode properties) {
        ResourceDeclaration declaration = newTemplate.resources().get(existing.logicalId);
        if (AUTO_SCALING_GROUP.equals(existing.type) && declaration != null
                && RollingUpdatePolicy.willReplace(declaration.updatePolicy().map(evaluator::resolve).orElse(null))
                && RollingUpdatePolicy.INSTANCE_PROPERTIES.stream().anyMatch(p -> !Objects.equals(existing.properties.get(p), properties.get(p)))) {
            return true; // AutoScalingReplacingUpdate: a new group, the old one deleted in the cleanup phase
        }
        Set<String> names = new LinkedHashSet<>();
        existing.properties.fieldNames().forEachRemaining(names::add);
        properties.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (!java.util.Objects.equals(existing.properties.get(name), properties.get(name))
                    && engine.providers().replaces(existing.type, name)) {
                return true;
            }
        }
        return false;
    }

    private void finish(InFlight flight, ResourceResult result) {
        SimStackResource resource = stack.resources.get(flight.logicalId());
        boolean cancelled = !flight.cleanup() && phase == Phase.FORWARD && (cancelReason != null || !failed.isEmpty())
                && !failed.contains(flight.logicalId());
        switch (flight.action()) {
            case CREATE -> {
                if (result.succeeded()) {
                    resource.physicalId = result.physicalId();
                    resource.attributes = result.attributes();
                    if (!cancelled) {
                        if (!initiated.contains(flight.logicalId())) {
                            resourceEvent(resource, "CREATE_IN_PROGRESS", "Resource creation Initiated", resource.properties);
                        }
                        if (!awaitSignals(resource)) {
                            resourceEvent(resource, "CREATE_COMPLETE", null, resource.properties);
                            settled.add(flight.logicalId());
                        }
                    }
                } else if (!cancelled) {
                    resourceEvent(resource, "CREATE_FAILED", result.reason(), null);
                    fail(flight.logicalId(), result.reason());
                }
            }
            case UPDATE -> {
                if (result.succeeded()) {
                    updatedInPlace.add(flight.logicalId());
                    resource.attributes = mergedAttributes(resource.attributes, result.attributes());
                    if (!cancelled) {
                        resourceEvent(resource, "UPDATE_COMPLETE", null, resource.properties);
                        settled.add(flight.logicalId());
                    }
                } else {
                    updatedInPlace.add(flight.logicalId()); // a failed update may have changed something; revert it
                    if (!cancelled) {
                        resourceEvent(resource, "UPDATE_FAILED", result.reason(), null);
                        fail(flight.logicalId(), result.reason());
                    }
                }
            }
            case REPLACE -> {
                if (result.succeeded()) {
                    resource.physicalId = result.physicalId();
                    resource.attributes = result.attributes();
                    replacements.put(flight.logicalId(), resource.snapshot());
                    if (!cancelled) {
                        if (!initiated.contains(flight.logicalId())) {
                            resourceEvent(resource, "UPDATE_IN_PROGRESS", "Resource creation Initiated", resource.properties);
                        }
                        if (!awaitSignals(resource)) {
                            resourceEvent(resource, "UPDATE_COMPLETE", null, resource.properties);
                            settled.add(flight.logicalId());
                        }
                    }
                } else if (!cancelled) {
                    resourceEvent(resource, "UPDATE_FAILED", result.reason(), null);
                    fail(flight.logicalId(), result.reason());
                }
            }
            case REVERT -> {
                if (result.succeeded()) {
                    resource.attributes = mergedAttributes(resource.attributes, result.attributes());
                    resourceEvent(resource, "UPDATE_COMPLETE", null, resource.properties);
                } else {
                    resourceEvent(resource, "UPDATE_FAILED", result.reason(), null);
                    rollbackFailures.add(flight.logicalId());
                }
            }
            case DELETE -> finishDelete(flight, resource, result);
            case AWAIT_SIGNALS -> finishSignals(flight, resource, result, cancelled);
        }
    }

    // ---- signals ----

    /**
     * Registers the wait a CreationPolicy asks for, its timeout counted from now; false (the resource
     * failed) when the policy is malformed.
     */
    private boolean expectSignals(ResourceDeclaration declaration, SimStackResource resource, String progressStatus) {
        if (declaration.creationPolicy().isEmpty()) {
            return true;
        }
        try {
            Optional<SignalPolicy> policy = SignalPolicy.ofCreationPolicy(evaluator.resolve(declaration.creationPolicy().get()),
                    declaration.type());
            policy.ifPresent(p -> {
                SignalWait wait = new SignalWait(p, progressStatus, engine.now().plus(p.timeout()));
                awaiting.put(declaration.logicalId(), wait);
                engine.world().at(wait.deadline(), () -> { });
            });
            return true;
        } catch (IllegalArgumentException | TemplateException e) {
            String failedStatus = progressStatus.startsWith("CREATE") ? "CREATE_FAILED" : "UPDATE_FAILED";
            resourceEvent(resource, failedStatus, e.getMessage(), null);
            fail(declaration.logicalId(), e.getMessage());
            return false;
        }
    }

    /** Starts waiting for the signals of a resource its provider made; false when it waits for none. */
    private boolean awaitSignals(SimStackResource resource) {
        SignalWait wait = awaiting.get(resource.logicalId);
        if (wait == null) {
            return false;
        }
        inFlight.put(resource.logicalId, new InFlight(resource.logicalId, Action.AWAIT_SIGNALS, wait, false));
        return true;
    }

    private ResourceRequest request(String logicalId, String type, JsonNode properties) {
        return new ResourceRequest(region.name, region.accountId, stack.name, stack.stackId, logicalId, type, properties);
    }

    /** The group's own update, followed by the rolling replacement of its instances when its UpdatePolicy asks for one. */
    private ResourceOperation inPlaceUpdate(ResourceDeclaration declaration, SimStackResource resource, JsonNode oldProperties,
                                            ResourceOperation update) {
        Optional<InstanceFleet> fleet = engine.providers().of(declaration.type()).instances();
        if (!AUTO_SCALING_GROUP.equals(declaration.type()) || fleet.isEmpty() || declaration.updatePolicy().isEmpty()
                || RollingUpdatePolicy.INSTANCE_PROPERTIES.stream().allMatch(p -> Objects.equals(oldProperties.get(p), resource.properties.get(p)))) {
            return update;
        }
        Optional<RollingUpdatePolicy> policy;
        try {
            policy = RollingUpdatePolicy.of(evaluator.resolve(declaration.updatePolicy().get()));
        } catch (IllegalArgumentException | TemplateException e) {
            return ResourceOperation.finished(ResourceResult.failed(e.getMessage()));
        }
        return policy.<ResourceOperation>map(p -> new RollingUpdate(engine, fleet.get(), resource.physicalId,
                request(resource.logicalId, resource.type, resource.properties), p, update, awaiting, reason -> resourceEvent(resource, "UPDATE_IN_PROGRESS", reason, null)))
                .orElse(update);
    }

    /** A signal for a resource of this operation; false when it is not waiting for one. */
    boolean signal(String logicalId, String uniqueId, boolean success) {
        SignalWait wait = awaiting.get(logicalId);
        SimStackResource resource = stack.resources.get(logicalId);
        if (wait == null || resource == null || phase != Phase.FORWARD) {
            return false;
        }
        if (wait.tally.add(uniqueId, success)) {
            resourceEvent(resource, wait.progressStatus, "Received " + (success ? "SUCCESS" : "FAILURE") + " signal with UniqueId "
                    + uniqueId, null);
        }
        return true;
    }

    private void finishSignals(InFlight flight, SimStackResource resource, ResourceResult result, boolean cancelled) {
        SignalWait wait = awaiting.remove(flight.logicalId());
        boolean creating = wait.progressStatus.startsWith("CREATE");
        if (cancelled) {
            return;
        }
        if (result.succeeded()) {
            resourceEvent(resource, creating ? "CREATE_COMPLETE" : "UPDATE_COMPLETE", null, resource.properties);
            settled.add(flight.logicalId());
        } else {
            resourceEvent(resource, creating ? "CREATE_FAILED" : "UPDATE_FAILED", result.reason(), null);
            fail(flight.logicalId(), result.reason());
        }
    }

    private void finishDelete(InFlight flight, SimStackResource resource, ResourceResult result) {
        SimStackResource.Snapshot deleted = flight.cleanup() ? cleanupTargets.remove(flight.logicalId()) : null;
        String physicalId = deleted != null ? deleted.physicalId() : resource.physicalId;
        if (result.succeeded()) {
            eventFor(flight.logicalId(), physicalId, deleted != null ? deleted.type() : resource.type, "DELETE_COMPLETE", null,
                    deleted != null);
            if (deleted == null) {
                stack.resources.remove(flight.logicalId());
            }
        } else {
            eventFor(flight.logicalId(), physicalId, deleted != null ? deleted.type() : resource.type, "DELETE_FAILED",
                    result.reason(), deleted != null);
            if (phase == Phase.ROLLBACK) {
                rollbackFailures.add(flight.logicalId());
            } else if (kind == Kind.DELETE) {
                deleteFailures.add(flight.logicalId());
            } else {
                cleanupFailures = true;
            }
        }
    }

    private final Map<String, SimStackResource.Snapshot> cleanupTargets = new LinkedHashMap<>();
    private final List<String> deleteFailures = new ArrayList<>();
    private boolean cleanupFailures;

    private void fail(String logicalId, String reason) {
        if (!failed.contains(logicalId)) {
            failed.add(logicalId);
        }
        if (phase == Phase.FORWARD) {
            for (InFlight flight : List.copyOf(inFlight.values())) {
                if (!failed.contains(flight.logicalId())) {
                    SimStackResource resource = stack.resources.get(flight.logicalId());
                    SignalWait wait = flight.action() == Action.AWAIT_SIGNALS ? awaiting.remove(flight.logicalId()) : null;
                    boolean creating = flight.action() == Action.CREATE || (wait != null && wait.progressStatus.startsWith("CREATE"));
                    resourceEvent(resource, creating ? "CREATE_FAILED" : "UPDATE_FAILED",
                            creating ? "Resource creation cancelled" : "Resource update cancelled", null);
                    if (wait != null) {
                        inFlight.remove(flight.logicalId()); // nothing to wait for: the resource exists, rollback removes it
                    } else {
                        flight.operation().cancel();
                    }
                }
            }
        }
    }

    private void finishForward(Set<String> included) {
        if (kind == Kind.CREATE) {
            Optional<String> exportProblem = engine.publishOutputs(region, stack, evaluator, false);
            if (exportProblem.isPresent()) {
                fail(stack.name, exportProblem.get());
                beginRollback();
                return;
            }
            stackStatus("CREATE_COMPLETE", null);
            complete(true);
            return;
        }
        Optional<String> exportProblem = engine.publishOutputs(region, stack, evaluator, true);
        if (exportProblem.isPresent()) {
            failed.add(stack.name);
            cancelReason = exportProblem.get();
            beginRollback();
            return;
        }
        stackStatus("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", null);
        phase = Phase.CLEANUP;
        // old physical resources of replaced resources, then resources the new template no longer has
        List<String> removed = new ArrayList<>();
        for (String logicalId : stack.resources.keySet()) {
            if (!included.contains(logicalId)) {
                removed.add(logicalId);
            }
        }
        for (String logicalId : deletionOrder(oldTemplate, oldParameters, replacements.keySet())) {
            SimStackResource.Snapshot old = before.get(logicalId);
            if (old != null && old.physicalId() != null) {
                queue.add(() -> startCleanupDelete(logicalId, old));
            }
        }
        for (String logicalId : deletionOrder(oldTemplate, oldParameters, removed)) {
            queue.add(() -> startDelete(logicalId, false));
        }
    }

    // ---- rollback ----

    private void beginRollback() {
        queue.clear();
        if (kind == Kind.CREATE) {
            String reason = failureList("create", failed);
            if ("DO_NOTHING".equals(onFailure) || stack.disableRollback) {
                stackStatus("CREATE_FAILED", reason);
                complete(false);
                return;
            }
            if ("DELETE".equals(onFailure)) {
                stackStatus("DELETE_IN_PROGRESS", reason);
            } else {
                stackStatus("ROLLBACK_IN_PROGRESS", reason + "Rollback requested by user.");
            }
            phase = Phase.ROLLBACK;
            for (String logicalId : reverse(new ArrayList<>(stack.resources.keySet()))) {
                queue.add(() -> startDelete(logicalId, false));
            }
            return;
        }
        String reason = cancelReason != null ? cancelReason : failureList("update", failed);
        if (stack.disableRollback) {
            stackStatus("UPDATE_FAILED", reason);
            complete(false);
            return;
        }
        stackStatus("UPDATE_ROLLBACK_IN_PROGRESS", reason);
        phase = Phase.ROLLBACK;
        // replaced resources point back to their old physical resource before dependents are reverted
        for (String logicalId : replacements.keySet()) {
            SimStackResource resource = stack.resources.get(logicalId);
            resource.restore(before.get(logicalId));
        }
        for (String logicalId : updatedInPlace) {
            queue.add(() -> startRevert(logicalId));
        }
    }

    private void startRevert(String logicalId) {
        SimStackResource resource = stack.resources.get(logicalId);
        SimStackResource.Snapshot original = before.get(logicalId);
        if (resource == null || original == null) {
            return;
        }
        ResourceState current = state(resource, resource.snapshot());
        resource.properties = original.properties();
        resourceEvent(resource, "UPDATE_IN_PROGRESS", null, original.properties());
        ResourceRequest request = new ResourceRequest(region.name, region.accountId, stack.name, stack.stackId, logicalId,
                original.type(), original.properties());
        inFlight.put(logicalId, new InFlight(logicalId, Action.REVERT,
                engine.providers().of(original.type()).update(request, current), false));
    }

    private void endPhase() {
        switch (phase) {
            case CLEANUP -> {
                stackStatus("UPDATE_COMPLETE", cleanupFailures ? "Update successful. One or more resources could not be deleted." : null);
                complete(true);
            }
            case ROLLBACK -> {
                if (kind == Kind.CREATE) {
                    if ("DELETE".equals(onFailure)) {
                        stackStatus("DELETE_COMPLETE", null);
                        engine.stackDeleted(region, stack);
                    } else {
                        stack.deletionTime = engine.now();
                        stackStatus("ROLLBACK_COMPLETE", null);
                    }
                    complete(false);
                    return;
                }
                stackStatus("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", null);
                phase = Phase.ROLLBACK_CLEANUP;
                for (String logicalId : reverse(new ArrayList<>(replacements.keySet()))) {
                    SimStackResource.Snapshot made = replacements.get(logicalId);
                    queue.add(() -> startCleanupDelete(logicalId, made));
                }
                for (String logicalId : reverse(new ArrayList<>(added))) {
                    queue.add(() -> startDelete(logicalId, false));
                }
            }
            case ROLLBACK_CLEANUP -> {
                stack.template = oldTemplate;
                stack.parameters = new LinkedHashMap<>(oldParameters);
                stack.tags = new ArrayList<>(oldTags);
                stack.resolvedValues = oldResolved;
                engine.publishOutputs(region, stack, new TemplateEvaluator(oldTemplate,
                        engine.context(region, stack, oldTemplate, oldParameters, oldResolved)), false);
                stackStatus("UPDATE_ROLLBACK_COMPLETE", null);
                complete(false);
            }
            case FORWARD -> {
                if (kind == Kind.DELETE) {
                    if (!deleteFailures.isEmpty()) {
                        stackStatus("DELETE_FAILED", failureList("delete", deleteFailures));
                        complete(false);
                    } else {
                        stackStatus("DELETE_COMPLETE", null);
                        engine.stackDeleted(region, stack);
                        complete(true);
                    }
                }
            }
            default -> { }
        }
    }

    private void complete(boolean succeeded) {
        phase = Phase.DONE;
        this.succeeded = succeeded;
        if (changeSet != null) {
            changeSet.executionStatus = succeeded ? "EXECUTE_COMPLETE" : "EXECUTE_FAILED";
        }
        engine.operationEnded(stack, this, succeeded);
    }

    // ---- deletes ----

    private void startDelete(String logicalId, boolean cleanup) {
        SimStackResource resource = stack.resources.get(logicalId);
        if (resource == null) {
            return;
        }
        if (resource.physicalId == null) {
            // never created: CloudFormation reports it deleted without a DELETE_IN_PROGRESS
            resourceEvent(resource, "DELETE_COMPLETE", null, null);
            stack.resources.remove(logicalId);
            return;
        }
        ResourceDeclaration declaration = stack.template == null ? null : stack.template.resources().get(logicalId);
        if (kind == Kind.DELETE && declaration != null && "Retain".equals(declaration.deletionPolicy().orElse(null))) {
            resourceEvent(resource, "DELETE_SKIPPED", null, null);
            stack.resources.remove(logicalId);
            return;
        }
        resourceEvent(resource, "DELETE_IN_PROGRESS", null, null);
        inFlight.put(logicalId, new InFlight(logicalId, Action.DELETE,
                engine.providers().of(resource.type).delete(state(resource, resource.snapshot())), cleanup));
    }

    /** Deletes a physical resource the logical resource no longer points to (a replaced one). */
    private void startCleanupDelete(String logicalId, SimStackResource.Snapshot target) {
        cleanupTargets.put(logicalId, target);
        eventFor(logicalId, target.physicalId(), target.type(), "DELETE_IN_PROGRESS", null, true);
        inFlight.put(logicalId, new InFlight(logicalId, Action.DELETE, engine.providers().of(target.type())
                .delete(new ResourceState(region.name, logicalId, target.type(), target.physicalId(), target.properties(),
                        target.attributes())), true));
    }

    private List<String> deletionOrder(Template template, Map<String, String> parameters, java.util.Collection<String> ids) {
        List<String> order = new ArrayList<>();
        if (template != null) {
            try {
                TemplateEvaluator old = new TemplateEvaluator(template, engine.context(region, stack, template, parameters,
                        template == oldTemplate ? oldResolved : newResolved));
                for (String logicalId : old.dependencyGraph().deletionOrder()) {
                    if (ids.contains(logicalId)) {
                        order.add(logicalId);
                    }
                }
            } catch (TemplateException e) {
                // fall through: whatever remains goes in reverse declaration order
            }
        }
        List<String> rest = new ArrayList<>(ids);
        rest.removeAll(order);
        order.addAll(reverse(rest));
        return order;
    }

    // ---- events and helpers ----

    private ResourceState state(SimStackResource resource, SimStackResource.Snapshot snapshot) {
        return new ResourceState(region.name, resource.logicalId, snapshot.type(), snapshot.physicalId(),
                snapshot.properties() == null ? JsonNodeFactory.instance.objectNode() : snapshot.properties(),
                snapshot.attributes());
    }

    private void stackStatus(String status, String reason) {
        if (asRollback) {
            status = switch (status) {
                case "UPDATE_IN_PROGRESS" -> "UPDATE_ROLLBACK_IN_PROGRESS";
                case "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS" -> "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS";
                case "UPDATE_COMPLETE" -> "UPDATE_ROLLBACK_COMPLETE";
                default -> status;
            };
        }
        if (stack.parentId != null) {
            engine.wake(); // the parent follows its child's status
        }
        stack.status = status;
        stack.statusReason = reason;
        engine.recordEvent(stack, stack.name, stack.stackId, "AWS::CloudFormation::Stack", status, reason, null, token, false);
    }

    private void resourceEvent(SimStackResource resource, String status, String reason, JsonNode properties) {
        resource.status = status;
        resource.statusReason = reason;
        resource.lastUpdated = engine.now();
        engine.recordEvent(stack, resource.logicalId, resource.physicalId == null ? "" : resource.physicalId, resource.type,
                status, reason, properties, token, false);
    }

    private void eventFor(String logicalId, String physicalId, String type, String status, String reason, boolean cleanup) {
        SimStackResource resource = stack.resources.get(logicalId);
        if (resource != null && !cleanup) {
            resource.status = status;
            resource.statusReason = reason;
            resource.lastUpdated = engine.now();
        }
        engine.recordEvent(stack, logicalId, physicalId == null ? "" : physicalId, type, status, reason, null, token, cleanup);
    }

    private static String failureList(String verb, List<String> logicalIds) {
        return "The following resource(s) failed to " + verb + ": [" + String.join(", ", logicalIds) + "]. ";
    }

    private static Map<String, JsonNode> mergedAttributes(Map<String, JsonNode> current, Map<String, JsonNode> update) {
        Map<String, JsonNode> merged = new LinkedHashMap<>(current);
        merged.putAll(update);
        return merged;
    }

    private static <T> List<T> reverse(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }
}

package dev.berth.sim.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.berth.cfn.ParameterResolver;
import dev.berth.cfn.ParameterValue;
import dev.berth.cfn.ResourceTypeValidator;
import dev.berth.cfn.Template;
import dev.berth.cfn.TemplateException;
import dev.berth.cfn.TemplateParser;
import dev.berth.sim.cloudformation.resources.ResourceOperation;
import dev.berth.sim.cloudformation.resources.ResourceProvider;
import dev.berth.sim.cloudformation.resources.ResourceRequest;
import dev.berth.sim.cloudformation.resources.ResourceResult;
import dev.berth.sim.cloudformation.resources.ResourceState;
import dev.berth.sim.http.AwsException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code AWS::CloudFormation::Stack}: a child stack made from the template its TemplateURL names in the
 * simulator's S3, with the parent's parameters passed down. The child is a stack of its own
 * (PARENT-LOGICALID-SUFFIX, with ParentId and RootId, its own events) created, updated, rolled back and
 * deleted with its parent; its outputs are the resource's {@code Outputs.NAME} attributes. A child that
 * fails fails the resource at once, with CloudFormation's "Embedded stack ..." reason.
 */
final class NestedStackProvider implements ResourceProvider {
    static final String TYPE = "AWS::CloudFormation::Stack";
    private static final Set<String> FAILED_CREATE = Set.of("ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED",
            "CREATE_FAILED", "DELETE_IN_PROGRESS", "DELETE_COMPLETE", "DELETE_FAILED");
    private static final Set<String> FAILED_UPDATE = Set.of("UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_ROLLBACK_FAILED",
            "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE", "UPDATE_FAILED");

    private final CloudFormationEngine engine;
    private final TemplateSource templates;

    NestedStackProvider(CloudFormationEngine engine, TemplateSource templates) {
        this.engine = engine;
        this.templates = templates;
    }

    /** The template and parameters the resource's properties give its child stack. */
    private record Child(Template template, Map<String, String> parameters, Map<String, String> resolved) {
    }

    /** {@code rollingBack}: a rollback restores what was granted before, and checks no capabilities. */
    private Child child(CfnRegion region, JsonNode properties, SimStack parent, boolean rollingBack) {
        JsonNode url = properties.path("TemplateURL");
        if (!url.isTextual() || url.asText().isEmpty()) {
            throw new IllegalArgumentException("Properties validation failed for resource: required key [TemplateURL] not found");
        }
        Template template;
        try {
            template = TemplateParser.parse(templates.read(url.asText()));
            ResourceTypeValidator.validate(template);
        } catch (TemplateException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        Map<String, ParameterValue> given = new LinkedHashMap<>();
        JsonNode parameters = properties.path("Parameters");
        if (!parameters.isMissingNode() && !parameters.isObject()) {
            throw new IllegalArgumentException("Value of property Parameters must be an object");
        }
        for (Map.Entry<String, JsonNode> parameter : parameters.properties()) {
            if (!parameter.getValue().isValueNode()) {
                throw new IllegalArgumentException("Value of property Parameters must be an object with String (or simple type) properties");
            }
            given.put(parameter.getKey(), ParameterValue.of(parameter.getValue().asText()));
        }
        try {
            if (!rollingBack) {
                CloudFormationEngine.requireCapabilities(template, parent.capabilities);
            }
            Map<String, String> values = ParameterResolver.resolve(template, given, Map.of());
            return new Child(template, values, engine.resolveSsm(region, template, values));
        } catch (TemplateException | AwsException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    @Override
    public ResourceOperation create(ResourceRequest request) {
        CfnRegion region = engine.region(request.region());
        SimStack parent = region.stacksById.get(request.stackId());
        Child child;
        try {
            child = child(region, request.properties(), parent, false);
        } catch (IllegalArgumentException e) {
            return ResourceOperation.finished(ResourceResult.failed(e.getMessage()));
        }
        SimStack stack = engine.newStack(region, parent.name + "-" + request.logicalId() + "-" + engine.randomSuffix(13));
        stack.parentId = parent.stackId;
        stack.rootId = parent.rootId != null ? parent.rootId : parent.stackId;
        configure(stack, parent, request.properties());
        engine.begin(region, stack, StackOperation.Kind.CREATE, null, child.template(), child.parameters(), child.resolved(), null,
                "ROLLBACK");
        StackOperation operation = stack.operation;
        return new ResourceOperation() {
            @Override
            public Optional<ResourceResult> poll(java.time.Instant now) {
                if (FAILED_CREATE.contains(stack.status)) {
                    return failed(stack, "was not successfully created: " + reason(stack, "ROLLBACK_IN_PROGRESS", "CREATE_FAILED"));
                }
                return operation.done() ? Optional.of(done(stack)) : Optional.empty();
            }

            @Override
            public Optional<String> physicalIdAtStart() {
                return Optional.of(stack.stackId);
            }
        };
    }

    @Override
    public ResourceOperation update(ResourceRequest request, ResourceState current) {
        CfnRegion region = engine.region(request.region());
        SimStack parent = region.stacksById.get(request.stackId());
        SimStack stack = region.stacksById.get(current.physicalId());
        if (stack == null || stack.deleted()) {
            return ResourceOperation.finished(ResourceResult.failed("Stack " + current.physicalId() + " does not exist"));
        }
        boolean revert = parent.status != null && parent.status.startsWith("UPDATE_ROLLBACK");
        Child child;
        try {
            child = child(region, request.properties(), parent, revert);
        } catch (IllegalArgumentException e) {
            return ResourceOperation.finished(ResourceResult.failed(e.getMessage()));
        }
        return new ResourceOperation() {
            private StackOperation operation;

            @Override
            public Optional<ResourceResult> poll(java.time.Instant now) {
                if (operation == null) {
                    if (stack.operation != null && stack.operation.waitingToContinueRollback()) {
                        return failed(stack, "is in " + stack.status + " state and can not be updated.");
                    }
                    if (stack.operation != null) {
                        return Optional.empty(); // the child is still rolling itself back: the parent waits for it
                    }
                    if (child.template().toJson().equals(stack.template.toJson()) && child.parameters().equals(stack.parameters)) {
                        return Optional.of(done(stack));
                    }
                    if (!stack.updatable()) {
                        return failed(stack, "is in " + stack.status + " state and can not be updated.");
                    }
                    configure(stack, parent, request.properties());
                    stack.lastUpdatedTime = engine.now();
                    engine.begin(region, stack, StackOperation.Kind.UPDATE, null, child.template(), child.parameters(), child.resolved(),
                            null, null, revert);
                    operation = stack.operation;
                }
                if (!revert && FAILED_UPDATE.contains(stack.status)) {
                    return failed(stack, "was not successfully updated. Currently in " + stack.status + " with reason: "
                            + reason(stack, "UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_FAILED"));
                }
                if (!operation.done()) {
                    return Optional.empty();
                }
                return operation.succeeded() ? Optional.of(done(stack))
                        : failed(stack, "was not successfully updated. Currently in " + stack.status + " with reason: "
                        + reason(stack, "UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_FAILED"));
            }

            /** The parent stopped waiting: the child's update is cancelled and rolls back, as CloudFormation does. */
            @Override
            public void cancel() {
                if (operation != null && stack.operation == operation && operation.cancellable()) {
                    operation.cancel();
                    engine.wake();
                }
            }
        };
    }

    @Override
    public ResourceOperation delete(ResourceState current) {
        CfnRegion region = engine.region(current.region());
        SimStack stack = region.stacksById.get(current.physicalId());
        if (stack == null || stack.deleted()) {
            return ResourceOperation.finished(ResourceResult.done(current.physicalId(), Map.of()));
        }
        return new ResourceOperation() {
            private StackOperation operation;

            @Override
            public Optional<ResourceResult> poll(java.time.Instant now) {
                if (stack.deleted()) {
                    return Optional.of(ResourceResult.done(stack.stackId, Map.of()));
                }
                if (operation == null) {
                    if (stack.operation != null && !stack.operation.waitingToContinueRollback()) {
                        return Optional.empty(); // a child rolling back finishes before it is deleted
                    }
                    stack.operation = null;
                    engine.begin(region, stack, StackOperation.Kind.DELETE, null, stack.template, stack.parameters, stack.resolvedValues,
                            null, null);
                    operation = stack.operation;
                }
                if (!operation.done()) {
                    return Optional.empty();
                }
                return operation.succeeded() ? Optional.of(ResourceResult.done(stack.stackId, Map.of()))
                        : failed(stack, "was not successfully deleted: " + stack.statusReason);
            }
        };
    }

    @Override
    public boolean replacesOn(String property) {
        return false; // a nested stack is always updated in place
    }

    private static void configure(SimStack stack, SimStack parent, JsonNode properties) {
        stack.capabilities = new java.util.ArrayList<>(parent.capabilities);
        stack.tags = new java.util.ArrayList<>(parent.tags);
        stack.disableRollback = parent.disableRollback;
        JsonNode timeout = properties.path("TimeoutInMinutes");
        stack.timeoutInMinutes = timeout.canConvertToInt() || timeout.isTextual() ? Integer.valueOf(timeout.asInt()) : null;
        JsonNode notifications = properties.path("NotificationARNs");
        stack.notificationArns = new java.util.ArrayList<>();
        notifications.forEach(arn -> stack.notificationArns.add(arn.asText()));
    }

    /** The resource's result: the child's id, and its outputs as {@code Outputs.NAME} attributes. */
    private static ResourceResult done(SimStack stack) {
        Map<String, JsonNode> attributes = new LinkedHashMap<>();
        for (SimStack.Output output : stack.outputs) {
            attributes.put("Outputs." + output.key(), TextNode.valueOf(output.value()));
        }
        return ResourceResult.done(stack.stackId, attributes);
    }

    private static Optional<ResourceResult> failed(SimStack stack, String what) {
        return Optional.of(ResourceResult.failed("Embedded stack " + stack.stackId + " " + what));
    }

    /** Why the child failed: the reason of its newest stack event in one of {@code statuses}. */
    private static String reasonOf(SimStack stack, String... statuses) {
        Set<String> wanted = Set.of(statuses);
        for (int i = stack.events.size() - 1; i >= 0; i--) {
            StackEvent event = stack.events.get(i);
            if (event.logicalResourceId().equals(stack.name) && wanted.contains(event.resourceStatus())
                    && event.resourceStatusReason() != null) {
                return event.resourceStatusReason();
            }
        }
        return String.valueOf(stack.statusReason);
    }

    private static String reason(SimStack stack, String inProgress, String failed) {
        return reasonOf(stack, inProgress, failed).replace("Rollback requested by user.", "").strip();
    }
}

package dev.berth.sim.cloudformation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.sim.SimVariations;
import dev.berth.sim.SimWorld;
import dev.berth.cfn.NoEchoMask;
import dev.berth.cfn.ParameterDeclaration;
import dev.berth.cfn.ParameterResolver;
import dev.berth.cfn.ParameterValue;
import dev.berth.cfn.ResourceDeclaration;
import dev.berth.cfn.Template;
import dev.berth.cfn.TemplateException;
import dev.berth.cfn.ResourceTypeValidator;
import dev.berth.cfn.TemplateParser;
import dev.berth.sim.http.AwsException;
import dev.berth.sim.http.AwsQueryService;
import dev.berth.sim.http.Pagination;
import dev.berth.sim.http.QueryInput;
import dev.berth.sim.http.RequestContext;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** CloudFormation over awsQuery, with CloudFormation's validation, error codes and messages. */
public final class CloudFormationApi implements AwsQueryService {
    private static final Set<String> MUTATING = Set.of("CreateStack", "UpdateStack", "DeleteStack", "CreateChangeSet",
            "ExecuteChangeSet", "DeleteChangeSet", "CancelUpdateStack", "ContinueUpdateRollback", "SignalResource");
    private static final int MAX_TEMPLATE_BODY = 51_200;

    private final SimWorld world;
    private final CloudFormationEngine engine;
    private final ObjectMapper json;
    private final SimVariations variations;

    public CloudFormationApi(SimWorld world, CloudFormationEngine engine, ObjectMapper json, SimVariations variations) {
        this.world = world;
        this.engine = engine;
        this.json = json;
        this.variations = variations;
    }

    @Override
    public String signingName() {
        return "cloudformation";
    }

    @Override
    public String version() {
        return "2010-05-15";
    }

    @Override
    public String xmlNamespace() {
        return "http://cloudformation.amazonaws.com/doc/2010-05-15/";
    }

    @Override
    public boolean isMutating(String action) {
        return MUTATING.contains(action);
    }

    @Override
    public ObjectNode handle(String action, QueryInput in, RequestContext context) {
        return world.step(() -> {
            CfnRegion region = engine.region(context.region());
            return switch (action) {
                case "CreateStack" -> createStack(region, in);
                case "UpdateStack" -> updateStack(region, in);
                case "DeleteStack" -> deleteStack(region, in);
                case "DescribeStacks" -> describeStacks(region, in);
                case "ListStacks" -> listStacks(region, in);
                case "DescribeStackEvents" -> describeStackEvents(region, in);
                case "DescribeStackResource" -> describeStackResource(region, in);
                case "DescribeStackResources" -> describeStackResources(region, in);
                case "ListStackResources" -> listStackResources(region, in);
                case "GetTemplate" -> getTemplate(region, in);
                case "GetTemplateSummary" -> getTemplateSummary(region, in);
                case "ValidateTemplate" -> validateTemplate(in);
                case "CreateChangeSet" -> createChangeSet(region, in);
                case "DescribeChangeSet" -> describeChangeSet(region, in);
                case "ExecuteChangeSet" -> executeChangeSet(region, in);
                case "DeleteChangeSet" -> deleteChangeSet(region, in);
                case "ListChangeSets" -> listChangeSets(region, in);
                case "CancelUpdateStack" -> cancelUpdateStack(region, in);
                case "ContinueUpdateRollback" -> continueUpdateRollback(region, in);
                case "ListExports" -> listExports(region, in);
                case "SignalResource" -> signalResource(region, in);
                default -> throw AwsException.client("InvalidAction", "Could not find operation " + action
                        + " for version 2010-05-15");
            };
        });
    }

    // ---- stacks ----

    private ObjectNode createStack(CfnRegion region, QueryInput in) {
        String name = stackName(in.required("StackName"));
        SimStack existing = region.find(name);
        if (existing != null && !"REVIEW_IN_PROGRESS".equals(existing.status)) {
            throw AwsException.client("AlreadyExistsException", "Stack [" + name + "] already exists");
        }
        Template template = template(in);
        Map<String, String> parameters = parameters(template, in, Map.of());
        List<String> capabilities = in.strings("Capabilities");
        CloudFormationEngine.requireCapabilities(template, capabilities);
        Map<String, String> resolved = engine.resolveSsm(region, template, parameters);
        SimStack stack = existing != null ? existing : engine.newStack(region, name);
        if (existing != null) {
            existing.changeSets.values().forEach(cs -> cs.executionStatus = "OBSOLETE");
        }
        configure(stack, in, capabilities);
        stack.disableRollback = in.bool("DisableRollback", false);
        stack.timeoutInMinutes = in.integer("TimeoutInMinutes");
        engine.begin(region, stack, StackOperation.Kind.CREATE, in.string("ClientRequestToken"), template, parameters, resolved,
                null, in.string("OnFailure", "ROLLBACK"));
        return json.createObjectNode().put("StackId", stack.stackId);
    }

    private ObjectNode updateStack(CfnRegion region, QueryInput in) {
        String name = in.required("StackName");
        SimStack stack = region.find(name);
        if (stack == null || stack.deleted()) {
            throw validation("Stack [" + name + "] does not exist");
        }
        String token = in.string("ClientRequestToken");
        if (repeatedToken(stack, token, "UPDATE")) {
            return json.createObjectNode().put("StackId", stack.stackId);
        }
        requireUpdatable(stack);
        Template template = in.bool("UsePreviousTemplate", false) ? previousTemplate(stack, in) : template(in);
        Map<String, String> parameters = parameters(template, in, stack.parameters);
        List<String> capabilities = in.strings("Capabilities");
        CloudFormationEngine.requireCapabilities(template, capabilities);
        List<Map.Entry<String, String>> tags = in.has("Tags") ? tags(in) : stack.tags;
        Map<String, String> resolved = engine.resolveSsm(region, template, parameters);
        if (template.toJson().equals(stack.template.toJson()) && parameters.equals(stack.parameters) && tags.equals(stack.tags)
                && resolved.equals(stack.resolvedValues)) {
            throw validation("No updates are to be performed.");
        }
        configure(stack, in, capabilities);
        stack.tags = new ArrayList<>(tags);
        stack.disableRollback = in.bool("DisableRollback", false);
        stack.changeSets.values().forEach(cs -> cs.executionStatus = "OBSOLETE");
        engine.begin(region, stack, StackOperation.Kind.UPDATE, token, template, parameters, resolved, null, null);
        return json.createObjectNode().put("StackId", stack.stackId);
    }

    private ObjectNode deleteStack(CfnRegion region, QueryInput in) {
        SimStack stack = region.find(in.required("StackName"));
        if (stack == null || stack.deleted()) {
            return null; // deleting a stack that does not exist succeeds, as on CloudFormation
        }
        if (repeatedToken(stack, in.string("ClientRequestToken"), "DELETE") || "DELETE_IN_PROGRESS".equals(stack.status)) {
            return null;
        }
        if ("REVIEW_IN_PROGRESS".equals(stack.status)) {
            engine.recordEvent(stack, stack.name, stack.stackId, "AWS::CloudFormation::Stack", "DELETE_COMPLETE", null, null,
                    null, false);
            stack.status = "DELETE_COMPLETE";
            engine.stackDeleted(region, stack);
            return null;
        }
        if (stack.inProgress() || stack.operation != null && !stack.operation.waitingToContinueRollback()) {
            throw validation("Stack [" + stack.name + "] cannot be deleted while in status " + stack.status);
        }
        stack.operation = null;
        engine.begin(region, stack, StackOperation.Kind.DELETE, in.string("ClientRequestToken"), stack.template,
                stack.parameters, stack.resolvedValues, null, null);
        return null;
    }

    private ObjectNode describeStacks(CfnRegion region, QueryInput in) {
        String name = in.string("StackName");
        List<SimStack> stacks = new ArrayList<>();
        if (name != null) {
            SimStack stack = region.find(name);
            if (stack == null) {
                throw validation("Stack with id " + name + " does not exist");
            }
            stacks.add(stack);
        } else {
            region.liveStackIds.values().forEach(id -> stacks.add(region.stacksById.get(id)));
        }
        Pagination.Page<SimStack> page = Pagination.page(stacks, in.string("NextToken"), 100, 100, 100, "ValidationError");
        ObjectNode result = json.createObjectNode();
        ArrayNode list = result.putArray("Stacks");
        page.items().forEach(stack -> list.add(stack(stack)));
        if (page.nextToken() != null) {
            result.put("NextToken", page.nextToken());
        }
        return result;
    }

    private ObjectNode listStacks(CfnRegion region, QueryInput in) {
        List<String> filter = in.strings("StackStatusFilter");
        List<SimStack> stacks = new ArrayList<>();
        for (SimStack stack : region.stacksById.values()) {
            if (stack.status != null && (filter.isEmpty() || filter.contains(stack.status))) {
                stacks.add(stack);
            }
        }
        Pagination.Page<SimStack> page = Pagination.page(stacks, in.string("NextToken"), 100, 100, 100, "ValidationError");
        ObjectNode result = json.createObjectNode();
        ArrayNode list = result.putArray("StackSummaries");
        for (SimStack stack : page.items()) {
            ObjectNode node = list.addObject();
            node.put("StackId", stack.stackId);
            node.put("StackName", stack.name);
            stack.template.description().ifPresent(d -> node.put("TemplateDescription", d));
            node.put("CreationTime", time(stack.creationTime));
            putTime(node, "LastUpdatedTime", stack.lastUpdatedTime);
            putTime(node, "DeletionTime", stack.deletionTime);
            node.put("StackStatus", stack.status);
            if (stack.statusReason != null) {
                node.put("StackStatusReason", stack.statusReason);
            }
            if (stack.parentId != null) {
                node.put("ParentId", stack.parentId);
                node.put("RootId", stack.rootId);
            }
            node.putObject("DriftInformation").put("StackDriftStatus", "NOT_CHECKED");
        }
        if (page.nextToken() != null) {
            result.put("NextToken", page.nextToken());
        }
        return result;
    }

    private ObjectNode describeStackEvents(CfnRegion region, QueryInput in) {
        String name = in.required("StackName");
        SimStack stack = region.find(name);
        if (stack == null) {
            throw validation("Stack [" + name + "] does not exist");
        }
        List<StackEvent> newestFirst = new ArrayList<>(stack.events);
        java.util.Collections.reverse(newestFirst);
        Pagination.Page<StackEvent> page = Pagination.page(newestFirst, in.string("NextToken"), 100, 100, 100, "ValidationError");
        ObjectNode result = json.createObjectNode();
        ArrayNode list = result.putArray("StackEvents");
        SimVariations.Settings shown = variations.settings();
        for (StackEvent event : page.items()) {
            ObjectNode node = list.addObject();
            node.put("StackId", event.stackId());
            node.put("EventId", event.eventId());
            node.put("StackName", event.stackName());
            node.put("LogicalResourceId", event.logicalResourceId());
            node.put("PhysicalResourceId", event.physicalResourceId());
            node.put("ResourceType", event.resourceType());
            node.put("Timestamp", time(event.timestamp()));
            node.put("ResourceStatus", event.resourceStatus());
            boolean userInitiated = "User Initiated".equals(event.resourceStatusReason());
            if (event.resourceStatusReason() != null && !(userInitiated && shown.noUserInitiated())) {
                node.put("ResourceStatusReason", event.resourceStatusReason());
            }
            if (event.resourceProperties() != null && !shown.eventsWithoutProperties()) {
                node.put("ResourceProperties", event.resourceProperties());
            }
            if (event.clientRequestToken() != null) {
                node.put("ClientRequestToken", event.clientRequestToken());
            }
        }
        if (page.nextToken() != null) {
            result.put("NextToken", page.nextToken());
        }
        return result;
    }

    private ObjectNode describeStackResource(CfnRegion region, QueryInput in) {
        SimStack stack = existing(region, in.required("StackName"));
        String logicalId = in.required("LogicalResourceId");
        SimStackResource resource = stack.resources.get(logicalId);
        if (resource == null) {
            throw validation("Resource " + logicalId + " does not exist for stack " + stack.name);
        }
        ObjectNode node = resource(stack, resource, "LastUpdatedTimestamp");
        if (resource.metadata != null) {
            node.put("Metadata", resource.metadata.toString());
        }
        return json.createObjectNode().set("StackResourceDetail", node);
    }

    private ObjectNode describeStackResources(CfnRegion region, QueryInput in) {
        String physicalId = in.string("PhysicalResourceId");
        String logicalId = in.string("LogicalResourceId");
        List<SimStack> stacks = new ArrayList<>();
        if (in.string("StackName") != null) {
            stacks.add(existing(region, in.string("StackName")));
        } else if (physicalId != null) {
            for (SimStack stack : region.stacksById.values()) {
                if (stack.resources.values().stream().anyMatch(r -> physicalId.equals(r.physicalId))) {
                    stacks.add(stack);
                }
            }
        } else {
            throw validation("Either StackName or PhysicalResourceId must be specified.");
        }
        ObjectNode result = json.createObjectNode();
        ArrayNode list = result.putArray("StackResources");
        for (SimStack stack : stacks) {
            for (SimStackResource resource : stack.resources.values()) {
                if ((logicalId == null || logicalId.equals(resource.logicalId))
                        && (physicalId == null || physicalId.equals(resource.physicalId))) {
                    list.add(resource(stack, resource, "Timestamp"));
                }
            }
        }
        return result;
    }

    private ObjectNode listStackResources(CfnRegion region, QueryInput in) {
        SimStack stack = existing(region, in.required("StackName"));
        List<SimStackResource> resources = new ArrayList<>(stack.resources.values());
        Pagination.Page<SimStackResource> page = Pagination.page(resources, in.string("NextToken"), 100, 100, 100, "ValidationError");
        ObjectNode result = json.createObjectNode();
        ArrayNode list = result.putArray("StackResourceSummaries");
        for (SimStackResource resource : page.items()) {
            ObjectNode node = list.addObject();
            node.put("LogicalResourceId", resource.logicalId);
            node.put("PhysicalResourceId", resource.physicalId == null ? "" : resource.physicalId);
            node.put("ResourceType", resource.type);
            node.put("LastUpdatedTimestamp", time(resource.lastUpdated));
            node.put("ResourceStatus", resource.status);
            if (resource.statusReason != null) {
                node.put("ResourceStatusReason", resource.statusReason);
            }
            node.putObject("DriftInformation").put("StackResourceDriftStatus", "NOT_CHECKED");
        }
        if (page.nextToken() != null) {
            result.put("NextToken", page.nextToken());
        }
        return result;
    }

    private ObjectNode getTemplate(CfnRegion region, QueryInput in) {
        String changeSetName = in.string("ChangeSetName");
        Template template;
        if (changeSetName != null) {
            template = changeSet(region, changeSetName, in.string("StackName")).template;
        } else {
            String name = in.string("StackName");
            if (name == null) {
                throw validation("StackName is required if ChangeSetName is not specified.");
            }
            SimStack stack = region.find(name);
            if (stack == null || stack.template == null) {
                throw validation("Stack with id " + name + " does not exist");
            }
            template = stack.template;
        }
        ObjectNode result = json.createObjectNode();
        result.put("TemplateBody", template.body());
        result.putArray("StagesAvailable").add("Original").add("Processed");
        return result;
    }

    private ObjectNode getTemplateSummary(CfnRegion region, QueryInput in) {
        Template template;
        if (in.string("StackName") != null) {
            SimStack stack = existing(region, in.string("StackName"));
            if ("REVIEW_IN_PROGRESS".equals(stack.status)) {
                throw validation("GetTemplateSummary cannot be called on REVIEW_IN_PROGRESS stacks.");
            }
            template = stack.template;
        } else {
            template = template(in);
        }
        ObjectNode result = json.createObjectNode();
        result.set("Parameters", parameterDeclarations(template, "ParameterKey", true));
        template.description().ifPresent(d -> result.put("Description", d));
        capabilities(template, result);
        ArrayNode types = result.putArray("ResourceTypes");
        new TreeSet<>(template.resources().values().stream().map(ResourceDeclaration::type).toList()).forEach(types::add);
        template.formatVersion().ifPresent(v -> result.put("Version", v));
        ArrayNode transforms = result.putArray("DeclaredTransforms");
        template.transform().forEach(transforms::add);
        return result;
    }

    private ObjectNode validateTemplate(QueryInput in) {
        Template template = template(in);
        ObjectNode result = json.createObjectNode();
        result.set("Parameters", parameterDeclarations(template, "ParameterKey", false));
        template.description().ifPresent(d -> result.put("Description", d));
        capabilities(template, result);
        ArrayNode transforms = result.putArray("DeclaredTransforms");
        template.transform().forEach(transforms::add);
        return result;
    }

    private void capabilities(Template template, ObjectNode result) {
        ArrayNode capabilities = result.putArray("Capabilities");
        CloudFormationEngine.requiredCapability(template).ifPresent(capability -> {
            capabilities.add(capability);
            List<String> types = new ArrayList<>();
            for (ResourceDeclaration resource : template.resources().values()) {
                if (dev.berth.sim.cloudformation.resources.ResourceProviders.capabilityFor(resource.type(), resource.properties()) != null
                        && !types.contains(resource.type())) {
                    types.add(resource.type());
                }
            }
            result.put("CapabilitiesReason", "The following resource(s) require capabilities: " + types);
        });
    }

    private ArrayNode parameterDeclarations(Template template, String keyField, boolean summary) {
        ArrayNode list = json.createArrayNode();
        for (ParameterDeclaration declaration : template.parameters().values()) {
            ObjectNode node = list.addObject();
            node.put(keyField, declaration.name());
            declaration.defaultValue().ifPresent(d -> node.put("DefaultValue", d));
            if (summary) {
                node.put("ParameterType", declaration.type().name());
            }
            node.put("NoEcho", declaration.noEcho());
            declaration.description().ifPresent(d -> node.put("Description", d));
            if (summary) {
                ArrayNode allowed = node.putObject("ParameterConstraints").putArray("AllowedValues");
                declaration.allowedValues().forEach(allowed::add);
            }
        }
        return list;
    }

    // ---- change sets ----

    private ObjectNode createChangeSet(CfnRegion region, QueryInput in) {
        String stackName = in.required("StackName");
        String changeSetName = in.required("ChangeSetName");
        if (!changeSetName.matches("[a-zA-Z][-a-zA-Z0-9]*") || changeSetName.length() > 128) {
            throw validation("1 validation error detected: Value '" + changeSetName + "' at 'changeSetName' failed to satisfy "
                    + "constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
        }
        String type = in.string("ChangeSetType", "UPDATE");
        SimStack stack = region.find(stackName);
        boolean live = stack != null && !stack.deleted();
        String clientToken = in.string("ClientToken");
        SimChangeSet earlier = live ? stack.changeSets.get(changeSetName) : null;
        if (earlier != null && clientToken != null && clientToken.equals(earlier.clientToken)) {
            // a retry of a request that was carried out: the same change set, not a second one
            return json.createObjectNode().put("Id", earlier.id).put("StackId", stack.stackId);
        }
        if ("CREATE".equals(type)) {
            if (live && !"REVIEW_IN_PROGRESS".equals(stack.status)) {
                throw AwsException.client("AlreadyExistsException", "Stack [" + stackName
                        + "] already exists and cannot be created again with the changeSet [" + changeSetName + "].");
            }
        } else if (!"UPDATE".equals(type)) {
            throw validation("The simulator supports change sets of type CREATE and UPDATE, not " + type);
        } else if (!live) {
            throw validation("Stack [" + stackName + "] does not exist");
        } else {
            requireUpdatable(stack);
        }
        if (live && stack.changeSets.containsKey(changeSetName)) {
            throw AwsException.client("AlreadyExistsException", "ChangeSet " + changeSetName
                    + " cannot be created due to a mismatch with existing attribute Template");
        }
        Template template = in.bool("UsePreviousTemplate", false) ? previousTemplate(stack, in) : template(in);
        Map<String, String> parameters = parameters(template, in, live && stack.parameters != null ? stack.parameters : Map.of());
        List<String> capabilities = in.strings("Capabilities");
        CloudFormationEngine.requireCapabilities(template, capabilities);
        Map<String, String> resolved = engine.resolveSsm(region, template, parameters);
        if (!live) {
            stack = engine.newStack(region, stackName);
            stack.status = "REVIEW_IN_PROGRESS";
            stack.statusReason = "User Initiated";
            stack.template = template;
            engine.recordEvent(stack, stack.name, stack.stackId, "AWS::CloudFormation::Stack", "REVIEW_IN_PROGRESS",
                    "User Initiated", null, null, false);
        }
        List<Map.Entry<String, String>> tags = in.has("Tags") ? tags(in) : stack.tags;
        SimChangeSet changeSet = new SimChangeSet(region.changeSetArn(changeSetName, engine.uuid()), changeSetName,
                stack.stackId, type, engine.now(), template, parameters, tags, capabilities, in.string("Description"),
                clientToken);
        changeSet.resolvedValues = resolved;
        stack.changeSets.put(changeSetName, changeSet);
        region.changeSetsById.put(changeSet.id, changeSet);
        engine.planChangeSet(changeSet);
        return json.createObjectNode().put("Id", changeSet.id).put("StackId", stack.stackId);
    }

    private ObjectNode describeChangeSet(CfnRegion region, QueryInput in) {
        SimChangeSet changeSet = changeSet(region, in.required("ChangeSetName"), in.string("StackName"));
        SimStack stack = region.stacksById.get(changeSet.stackId);
        ObjectNode result = json.createObjectNode();
        result.put("ChangeSetName", changeSet.name);
        result.put("ChangeSetId", changeSet.id);
        result.put("StackId", stack.stackId);
        result.put("StackName", stack.name);
        if (changeSet.description != null) {
            result.put("Description", changeSet.description);
        }
        result.set("Parameters", parameterList(changeSet.template, changeSet.parameters, changeSet.resolvedValues));
        result.put("CreationTime", time(changeSet.creationTime));
        result.put("ExecutionStatus", changeSet.executionStatus);
        result.put("Status", changeSet.status);
        if (changeSet.statusReason != null) {
            result.put("StatusReason", changeSet.statusReason);
        }
        result.putArray("NotificationARNs");
        result.putObject("RollbackConfiguration");
        ArrayNode capabilities = result.putArray("Capabilities");
        changeSet.capabilities.forEach(capabilities::add);
        result.set("Tags", tagList(changeSet.tags));
        result.set("Changes", changeSet.changes == null ? json.createArrayNode() : changeSet.changes.deepCopy());
        result.put("IncludeNestedStacks", false);
        return result;
    }

    private ObjectNode executeChangeSet(CfnRegion region, QueryInput in) {
        SimChangeSet changeSet = changeSet(region, in.required("ChangeSetName"), in.string("StackName"));
        SimStack stack = region.stacksById.get(changeSet.stackId);
        String token = in.string("ClientRequestToken");
        if (repeatedToken(stack, token, "UPDATE") || repeatedToken(stack, token, "CREATE")) {
            return json.createObjectNode();
        }
        if ("OBSOLETE".equals(changeSet.executionStatus)) {
            throw AwsException.client("InvalidChangeSetStatus", "ChangeSet [" + changeSet.id
                    + "] cannot be executed in its current execution status of [OBSOLETE]");
        }
        if (!"CREATE_COMPLETE".equals(changeSet.status) || !"AVAILABLE".equals(changeSet.executionStatus)) {
            throw AwsException.client("InvalidChangeSetStatus", "ChangeSet [" + changeSet.id
                    + "] cannot be executed in its current status of [" + changeSet.status + "]");
        }
        boolean create = "CREATE".equals(changeSet.type);
        if (!create) {
            requireUpdatable(stack);
        }
        stack.capabilities = new ArrayList<>(changeSet.capabilities);
        stack.tags = new ArrayList<>(changeSet.tags);
        stack.disableRollback = in.bool("DisableRollback", false);
        stack.changeSetId = changeSet.id;
        for (SimChangeSet other : List.copyOf(stack.changeSets.values())) {
            if (other != changeSet) {
                stack.changeSets.remove(other.name);
                region.changeSetsById.remove(other.id);
            }
        }
        engine.begin(region, stack, create ? StackOperation.Kind.CREATE : StackOperation.Kind.UPDATE, token,
                changeSet.template, changeSet.parameters, changeSet.resolvedValues, changeSet, "ROLLBACK");
        return json.createObjectNode();
    }

    private ObjectNode deleteChangeSet(CfnRegion region, QueryInput in) {
        String name = in.required("ChangeSetName");
        if (!name.startsWith("arn:") && in.string("StackName") == null) {
            throw validation("StackName must be specified if ChangeSetName is not specified as an ARN.");
        }
        if (in.string("StackName") != null && region.find(in.string("StackName")) == null) {
            throw validation("Stack [" + in.string("StackName") + "] does not exist");
        }
        SimChangeSet changeSet;
        try {
            changeSet = changeSet(region, name, in.string("StackName"));
        } catch (AwsException e) {
            if ("ChangeSetNotFound".equals(e.code())) {
                // CloudFormation answers a delete of a change set that is not there with success: its API
                // reference lists no ChangeSetNotFound for DeleteChangeSet, and tools rely on it
                return json.createObjectNode();
            }
            throw e;
        }
        if ("EXECUTE_IN_PROGRESS".equals(changeSet.executionStatus)) {
            throw AwsException.client("InvalidChangeSetStatus",
                    "An operation on this ChangeSet is currently in progress.  Please attempt this operation again later.");
        }
        SimStack stack = region.stacksById.get(changeSet.stackId);
        stack.changeSets.remove(changeSet.name);
        region.changeSetsById.remove(changeSet.id);
        return json.createObjectNode();
    }

    private ObjectNode listChangeSets(CfnRegion region, QueryInput in) {
        SimStack stack = existing(region, in.required("StackName"));
        ObjectNode result = json.createObjectNode();
        ArrayNode list = result.putArray("Summaries");
        for (SimChangeSet changeSet : stack.changeSets.values()) {
            ObjectNode node = list.addObject();
            node.put("StackId", stack.stackId);
            node.put("StackName", stack.name);
            node.put("ChangeSetId", changeSet.id);
            node.put("ChangeSetName", changeSet.name);
            node.put("ExecutionStatus", changeSet.executionStatus);
            node.put("Status", changeSet.status);
            if (changeSet.statusReason != null) {
                node.put("StatusReason", changeSet.statusReason);
            }
            node.put("CreationTime", time(changeSet.creationTime));
            if (changeSet.description != null) {
                node.put("Description", changeSet.description);
            }
            node.put("IncludeNestedStacks", false);
        }
        return result;
    }

    private SimChangeSet changeSet(CfnRegion region, String nameOrArn, String stackName) {
        SimChangeSet changeSet = null;
        if (nameOrArn.startsWith("arn:")) {
            changeSet = region.changeSetsById.get(nameOrArn);
        } else if (stackName != null) {
            SimStack stack = region.find(stackName);
            changeSet = stack == null ? null : stack.changeSets.get(nameOrArn);
        } else {
            throw validation("StackName must be specified if ChangeSetName is not specified as an ARN.");
        }
        if (changeSet == null) {
            throw new AwsException(404, "ChangeSetNotFound", "ChangeSet [" + nameOrArn + "] does not exist");
        }
        return changeSet;
    }

    // ---- cancel, continue, exports ----

    private ObjectNode cancelUpdateStack(CfnRegion region, QueryInput in) {
        SimStack stack = existing(region, in.required("StackName"));
        if (repeatedToken(stack, in.string("ClientRequestToken"), "CANCEL")) {
            return null;
        }
        if (!"UPDATE_IN_PROGRESS".equals(stack.status) || stack.operation == null || !stack.operation.cancellable()) {
            throw validation("CancelUpdateStack cannot be called from current stack status");
        }
        if (stack.cancelRequested) {
            return null; // a cancel is already on its way
        }
        if (in.string("ClientRequestToken") != null) {
            stack.tokens.put(in.string("ClientRequestToken"), "CANCEL");
        }
        cancelAfter(stack, stack.operation, variations.settings().cancelDelay());
        return null;
    }

    /** Cancels now, or (a slow CloudFormation) after {@code delay} of simulated time if still cancellable then. */
    private void cancelAfter(SimStack stack, StackOperation operation, java.time.Duration delay) {
        if (delay.isZero()) {
            operation.cancel();
            world.at(engine.now(), () -> { });
            return;
        }
        stack.cancelRequested = true;
        world.at(engine.now().plus(delay), () -> {
            stack.cancelRequested = false;
            if (stack.operation == operation && operation.cancellable()) {
                operation.cancel();
            }
        });
    }

    private ObjectNode continueUpdateRollback(CfnRegion region, QueryInput in) {
        SimStack stack = existing(region, in.required("StackName"));
        if (repeatedToken(stack, in.string("ClientRequestToken"), "CONTINUE")) {
            return json.createObjectNode();
        }
        if (!"UPDATE_ROLLBACK_FAILED".equals(stack.status) || stack.operation == null
                || !stack.operation.waitingToContinueRollback()) {
            throw validation("ContinueUpdateRollback cannot be called from current stack status");
        }
        List<String> skip = in.strings("ResourcesToSkip");
        for (String logicalId : skip) {
            if (!stack.resources.containsKey(logicalId)) {
                throw validation("Resource " + logicalId + " does not exist for stack " + stack.name);
            }
        }
        if (in.string("ClientRequestToken") != null) {
            stack.tokens.put(in.string("ClientRequestToken"), "CONTINUE");
        }
        stack.operation.continueRollback(skip);
        world.at(engine.now(), () -> { });
        return json.createObjectNode();
    }

    /** A signal from anywhere (the AWS CLI, an instance's cfn-signal) for a resource that waits for signals. */
    private ObjectNode signalResource(CfnRegion region, QueryInput in) {
        SimStack stack = existing(region, in.required("StackName"));
        String logicalId = in.required("LogicalResourceId");
        String uniqueId = in.required("UniqueId");
        String status = in.required("Status");
        if (!status.equals("SUCCESS") && !status.equals("FAILURE")) {
            throw validation("1 validation error detected: Value '" + status + "' at 'status' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [SUCCESS, FAILURE]");
        }
        if (uniqueId.isEmpty() || uniqueId.length() > 64) {
            throw validation("1 validation error detected: Value at 'uniqueId' failed to satisfy constraint: "
                    + "Member must have length between 1 and 64");
        }
        if (!stack.status.endsWith("_IN_PROGRESS")) {
            throw validation("Stack " + stack.stackId + " is in " + stack.status + " state and cannot be signaled");
        }
        SimStackResource resource = stack.resources.get(logicalId);
        if (resource == null) {
            throw validation("Resource " + logicalId + " does not exist for stack " + stack.name);
        }
        if (!engine.signal(region.name, stack.stackId, logicalId, uniqueId, status.equals("SUCCESS"))) {
            throw validation("Resource " + logicalId + " is in " + resource.status + " state and cannot be signaled");
        }
        return null;
    }

    private ObjectNode listExports(CfnRegion region, QueryInput in) {
        List<CfnRegion.Export> exports = new ArrayList<>(region.exports.values());
        Pagination.Page<CfnRegion.Export> page = Pagination.page(exports, in.string("NextToken"), 100, 100, 100, "ValidationError");
        ObjectNode result = json.createObjectNode();
        ArrayNode list = result.putArray("Exports");
        for (CfnRegion.Export export : page.items()) {
            list.addObject().put("ExportingStackId", export.stackId).put("Name", export.name).put("Value", export.value);
        }
        if (page.nextToken() != null) {
            result.put("NextToken", page.nextToken());
        }
        return result;
    }

    // ---- input helpers ----

    private static String stackName(String name) {
        if (name.length() > 128 || !name.matches("[a-zA-Z][-a-zA-Z0-9]*")) {
            throw validation("1 validation error detected: Value '" + name + "' at 'stackName' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*");
        }
        return name;
    }

    private Template template(QueryInput in) {
        String body = in.string("TemplateBody");
        String url = in.string("TemplateURL");
        if (body != null && !body.isEmpty() && url != null) {
            throw validation("Specify exactly one of TemplateBody or TemplateUrl.");
        }
        if ((body == null || body.isEmpty()) && url != null) {
            try {
                body = engine.templates().read(url);
            } catch (IllegalArgumentException e) {
                throw validation(e.getMessage());
            }
            return parsed(body);
        }
        if (body == null || body.isEmpty()) {
            throw validation("Either Template URL or Template Body must be specified.");
        }
        if (body.length() > MAX_TEMPLATE_BODY) {
            throw validation("1 validation error detected: Value '" + body.substring(0, 20) + "...' at 'templateBody' failed to "
                    + "satisfy constraint: Member must have length less than or equal to 51200");
        }
        return parsed(body);
    }

    private static Template parsed(String body) {
        try {
            Template template = TemplateParser.parse(body);
            ResourceTypeValidator.validate(template);
            return template;
        } catch (TemplateException e) {
            throw validation(e.getMessage());
        }
    }

    private Template previousTemplate(SimStack stack, QueryInput in) {
        if (stack == null || stack.template == null) {
            throw validation("Stack [" + in.string("StackName") + "] does not exist");
        }
        if (in.string("TemplateBody") != null || in.string("TemplateURL") != null) {
            throw validation("You cannot specify both usePreviousTemplate and Template Body/Template Url");
        }
        return stack.template;
    }

    private Map<String, String> parameters(Template template, QueryInput in, Map<String, String> previous) {
        Map<String, ParameterValue> given = new LinkedHashMap<>();
        for (QueryInput parameter : in.structures("Parameters")) {
            String key = parameter.required("ParameterKey");
            given.put(key, parameter.bool("UsePreviousValue", false) ? ParameterValue.usePreviousValue()
                    : ParameterValue.of(parameter.string("ParameterValue", "")));
        }
        try {
            return ParameterResolver.resolve(template, given, previous);
        } catch (TemplateException e) {
            throw validation(e.getMessage());
        }
    }

    private static List<Map.Entry<String, String>> tags(QueryInput in) {
        List<Map.Entry<String, String>> tags = new ArrayList<>();
        for (QueryInput tag : in.structures("Tags")) {
            tags.add(new AbstractMap.SimpleImmutableEntry<>(tag.required("Key"), tag.string("Value", "")));
        }
        return tags;
    }

    private void configure(SimStack stack, QueryInput in, List<String> capabilities) {
        stack.capabilities = new ArrayList<>(capabilities);
        if (in.has("Tags")) {
            stack.tags = tags(in);
        }
        if (in.has("NotificationARNs")) {
            stack.notificationArns = in.strings("NotificationARNs");
        }
        if (in.string("RoleARN") != null) {
            stack.roleArn = in.string("RoleARN");
        }
    }

    private static void requireUpdatable(SimStack stack) {
        if (!stack.updatable() || stack.operation != null) {
            throw validation("Stack:" + stack.stackId + " is in " + stack.status + " state and can not be updated.");
        }
    }

    /** A client request token already used on this stack: the same action is a retry, another action a conflict. */
    private static boolean repeatedToken(SimStack stack, String token, String action) {
        if (token == null || !stack.tokens.containsKey(token)) {
            return false;
        }
        if (stack.tokens.get(token).equals(action)) {
            return true;
        }
        throw AwsException.client("TokenAlreadyExistsException", "Another Action with the same client request token "
                + token + " already exists.");
    }

    private static SimStack existing(CfnRegion region, String name) {
        SimStack stack = region.find(name);
        if (stack == null) {
            throw validation("Stack with id " + name + " does not exist");
        }
        return stack;
    }

    private static AwsException validation(String message) {
        return AwsException.client("ValidationError", message);
    }

    // ---- output helpers ----

    private ObjectNode stack(SimStack stack) {
        ObjectNode node = json.createObjectNode();
        node.put("StackId", stack.stackId);
        node.put("StackName", stack.name);
        if (stack.parentId != null) {
            node.put("ParentId", stack.parentId);
            node.put("RootId", stack.rootId);
        }
        if (stack.changeSetId != null) {
            node.put("ChangeSetId", stack.changeSetId);
        }
        if (stack.template != null) {
            stack.template.description().ifPresent(d -> node.put("Description", d));
            node.set("Parameters", parameterList(stack.template, stack.parameters, stack.resolvedValues));
        }
        node.put("CreationTime", time(stack.creationTime));
        putTime(node, "DeletionTime", stack.deletionTime);
        putTime(node, "LastUpdatedTime", stack.lastUpdatedTime);
        node.putObject("RollbackConfiguration");
        node.put("StackStatus", stack.status);
        if (stack.statusReason != null) {
            node.put("StackStatusReason", stack.statusReason);
        }
        node.put("DisableRollback", stack.disableRollback);
        ArrayNode notifications = node.putArray("NotificationARNs");
        stack.notificationArns.forEach(notifications::add);
        if (stack.timeoutInMinutes != null) {
            node.put("TimeoutInMinutes", stack.timeoutInMinutes);
        }
        ArrayNode capabilities = node.putArray("Capabilities");
        stack.capabilities.forEach(capabilities::add);
        if (!stack.outputs.isEmpty() && !"UPDATE_ROLLBACK_IN_PROGRESS".equals(stack.status)) {
            ArrayNode outputs = node.putArray("Outputs");
            for (SimStack.Output output : stack.outputs) {
                ObjectNode o = outputs.addObject();
                o.put("OutputKey", output.key());
                o.put("OutputValue", output.value());
                if (output.description() != null) {
                    o.put("Description", output.description());
                }
                if (output.exportName() != null) {
                    o.put("ExportName", output.exportName());
                }
            }
        }
        if (stack.roleArn != null) {
            node.put("RoleARN", stack.roleArn);
        }
        node.set("Tags", tagList(stack.tags));
        if (!stack.deleted()) {
            node.put("EnableTerminationProtection", false);
        }
        node.putObject("DriftInformation").put("StackDriftStatus", "NOT_CHECKED");
        return node;
    }

    private ArrayNode parameterList(Template template, Map<String, String> values, Map<String, String> resolved) {
        ArrayNode list = json.createArrayNode();
        Map<String, String> shown = NoEchoMask.apply(template, values);
        shown.forEach((key, value) -> {
            ObjectNode parameter = list.addObject().put("ParameterKey", key).put("ParameterValue", value);
            if (resolved.containsKey(key)) {
                parameter.put("ResolvedValue", resolved.get(key));
            }
        });
        return list;
    }

    private ArrayNode tagList(List<Map.Entry<String, String>> tags) {
        ArrayNode list = json.createArrayNode();
        tags.forEach(tag -> list.addObject().put("Key", tag.getKey()).put("Value", tag.getValue()));
        return list;
    }

    private ObjectNode resource(SimStack stack, SimStackResource resource, String timeField) {
        ObjectNode node = json.createObjectNode();
        node.put("StackName", stack.name);
        node.put("StackId", stack.stackId);
        node.put("LogicalResourceId", resource.logicalId);
        node.put("PhysicalResourceId", resource.physicalId == null ? "" : resource.physicalId);
        node.put("ResourceType", resource.type);
        node.put(timeField, time(resource.lastUpdated));
        node.put("ResourceStatus", resource.status);
        if (resource.statusReason != null) {
            node.put("ResourceStatusReason", resource.statusReason);
        }
        node.putObject("DriftInformation").put("StackResourceDriftStatus", "NOT_CHECKED");
        return node;
    }

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    /** Timestamps as CloudFormation writes them: UTC with milliseconds. */
    static String time(Instant instant) {
        return TIMESTAMP.format(instant == null ? Instant.EPOCH : instant);
    }

    private static void putTime(ObjectNode node, String field, Instant instant) {
        if (instant != null) {
            node.put(field, time(instant));
        }
    }
}

package dev.berth.sim.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.sim.SimWorld;
import dev.berth.sim.cloudformation.resources.ResourceProviders;
import dev.berth.cfn.ResolvedOutput;
import dev.berth.cfn.ResourceDeclaration;
import dev.berth.cfn.Template;
import dev.berth.cfn.TemplateEvaluator;
import dev.berth.cfn.TemplateException;
import dev.berth.sim.http.AwsException;
import dev.berth.sim.s3.S3Store;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CloudFormation's control plane in the simulator: stacks, their operations and change sets,
 * advanced on every step of the world. Validation happens synchronously, as the real API does;
 * the work happens over simulated time.
 */
public final class CloudFormationEngine {
    /** How long CloudFormation takes to compute a change set. */
    private static final java.time.Duration CHANGE_SET_DELAY = java.time.Duration.ofSeconds(2);

    private final SimWorld world;
    private final ResourceProviders providers;
    private final Random random;
    private final String accountId;
    private final Map<String, CfnRegion> regions = new ConcurrentHashMap<>();
    private final ChangeSetPlanner planner;
    private final TemplateSource templates;
    private final SsmValues ssm;

    public CloudFormationEngine(SimWorld world, ResourceProviders providers, Random random, String accountId, S3Store s3,
                                SsmValues ssm) {
        this.ssm = ssm;
        this.world = world;
        this.providers = providers;
        this.random = random;
        this.accountId = accountId;
        this.planner = new ChangeSetPlanner(this);
        this.templates = new TemplateSource(s3);
        providers.register(NestedStackProvider.TYPE, new NestedStackProvider(this, templates));
        providers.signals().connect(this::signal);
        world.addReaction(this::advanceAll);
    }

    /** Where TemplateURLs are read from: the simulator's own S3. */
    TemplateSource templates() {
        return templates;
    }

    /** A nested stack's name suffix: upper-case letters and digits, as CloudFormation makes them. */
    String randomSuffix(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder suffix = new StringBuilder(length);
        synchronized (random) {
            for (int i = 0; i < length; i++) {
                suffix.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return suffix.toString();
    }

    /** Asks the world to step again now: a parent stack waits on its children's statuses. */
    void wake() {
        world.at(now(), () -> { });
    }

    /** A live stack's resource metadata, as cfn-init on an instance reads it with DescribeStackResource. */
    public java.util.Optional<com.fasterxml.jackson.databind.JsonNode> resourceMetadata(String region, String stackName,
                                                                                                    String logicalId) {
        SimStack stack = region(region).find(stackName);
        SimStackResource resource = stack == null ? null : stack.resources.get(logicalId);
        return resource == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(resource.metadata);
    }

    /** A live stack's resource's physical id (what Ref gives for most types). */
    public java.util.Optional<String> resourcePhysicalId(String region, String stackName, String logicalId) {
        SimStack stack = region(region).find(stackName);
        SimStackResource resource = stack == null ? null : stack.resources.get(logicalId);
        return resource == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(resource.physicalId);
    }

    CfnRegion region(String name) {
        return regions.computeIfAbsent(name, r -> new CfnRegion(r, accountId));
    }

    SimWorld world() {
        return world;
    }

    Instant now() {
        return world.now();
    }

    ResourceProviders providers() {
        return providers;
    }

    /** The template evaluated with {@code parameters}, SSM-typed ones as {@code resolved} gives them. */
    StackContext context(CfnRegion region, SimStack stack, Template template, Map<String, String> parameters,
                         Map<String, String> resolved) {
        return new StackContext(region, stack, template, SsmValues.evaluated(parameters, resolved), providers);
    }

    /** A parameter's value now, with an optional {@code :version}, for a dynamic reference. */
    Optional<String> ssmValue(CfnRegion region, String nameWithVersion) {
        return ssm.value(region.name, nameWithVersion);
    }

    /** Reads the template's SSM-typed parameters from Parameter Store now; a missing one is refused. */
    Map<String, String> resolveSsm(CfnRegion region, Template template, Map<String, String> parameters) {
        return ssm.resolve(region.name, template, parameters);
    }

    String uuid() {
        synchronized (random) {
            return new UUID(random.nextLong(), random.nextLong()).toString();
        }
    }

    private void advanceAll() {
        for (CfnRegion region : regions.values()) {
            for (SimStack stack : List.copyOf(region.stacksById.values())) {
                if (stack.operation != null) {
                    stack.operation.advance();
                }
                for (SimChangeSet changeSet : List.copyOf(stack.changeSets.values())) {
                    if ("CREATE_PENDING".equals(changeSet.status) && !now().isBefore(changeSet.readyAt)) {
                        planner.complete(region, stack, changeSet);
                    }
                }
            }
        }
    }

    // ---- what operations report back ----

    void recordEvent(SimStack stack, String logicalId, String physicalId, String type, String status, String reason,
                     JsonNode properties, String token, boolean cleanupDelete) {
        Instant now = now();
        boolean stackEvent = "AWS::CloudFormation::Stack".equals(type);
        String eventId = stackEvent ? uuid()
                : cleanupDelete ? logicalId + "-" + uuid()
                : logicalId + "-" + status + "-" + DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        stack.events.add(new StackEvent(eventId, stack.stackId, stack.name, logicalId, physicalId, type, now, status, reason,
                properties == null ? null : properties.toString(), token));
    }

    /**
     * Resolves the outputs and publishes their exports. On an update, an export another stack
     * imports may not change or vanish; that failure is returned and nothing is published.
     */
    Optional<String> publishOutputs(CfnRegion region, SimStack stack, TemplateEvaluator evaluator, boolean checkImports) {
        List<ResolvedOutput> outputs;
        try {
            outputs = evaluator.outputs();
        } catch (TemplateException e) {
            return Optional.of(e.getMessage());
        }
        Map<String, String> exports = new LinkedHashMap<>();
        for (ResolvedOutput output : outputs) {
            output.exportName().ifPresent(name -> exports.put(name, output.value()));
        }
        for (Map.Entry<String, String> export : exports.entrySet()) {
            CfnRegion.Export existing = region.exports.get(export.getKey());
            if (existing != null && !existing.stackId.equals(stack.stackId)) {
                return Optional.of("Export with name " + export.getKey() + " is already exported by stack "
                        + region.stacksById.get(existing.stackId).name);
            }
            if (checkImports && existing != null && !existing.importers.isEmpty() && !existing.value.equals(export.getValue())) {
                return Optional.of("Export " + export.getKey() + " cannot be updated as it is in use by "
                        + String.join(" and ", existing.importers));
            }
        }
        for (CfnRegion.Export existing : region.exports.values()) {
            if (checkImports && existing.stackId.equals(stack.stackId) && !exports.containsKey(existing.name)
                    && !existing.importers.isEmpty()) {
                return Optional.of("Export " + existing.name + " cannot be deleted as it is in use by "
                        + String.join(" and ", existing.importers));
            }
        }
        region.exports.values().removeIf(e -> e.stackId.equals(stack.stackId) && !exports.containsKey(e.name));
        exports.forEach((name, value) -> {
            CfnRegion.Export existing = region.exports.get(name);
            if (existing == null) {
                region.exports.put(name, new CfnRegion.Export(name, value, stack.stackId));
            } else {
                existing.value = value;
            }
        });
        List<SimStack.Output> resolved = new ArrayList<>();
        for (ResolvedOutput output : outputs) {
            resolved.add(new SimStack.Output(output.logicalId(), output.value(), output.description().orElse(null),
                    output.exportName().orElse(null)));
        }
        stack.outputs = resolved;
        return Optional.empty();
    }

    void stackDeleted(CfnRegion region, SimStack stack) {
        stack.deletionTime = now();
        region.liveStackIds.remove(stack.name, stack.stackId);
        region.exports.values().removeIf(e -> e.stackId.equals(stack.stackId));
        for (CfnRegion.Export export : region.exports.values()) {
            export.importers.remove(stack.name);
        }
        stack.outputs = List.of();
        stack.changeSets.clear();
    }

    void operationEnded(SimStack stack, StackOperation operation, boolean succeeded) {
        if (stack.operation == operation && !operation.waitingToContinueRollback()) {
            stack.operation = null;
        }
    }

    // ---- starting operations (validated by CloudFormationApi) ----

    SimStack newStack(CfnRegion region, String name) {
        String id = region.stackArn(name, uuid());
        SimStack stack = new SimStack(id, name, now());
        region.stacksById.put(id, stack);
        region.liveStackIds.put(name, id);
        return stack;
    }

    void begin(CfnRegion region, SimStack stack, StackOperation.Kind kind, String token, Template template,
               Map<String, String> parameters, Map<String, String> resolved, SimChangeSet changeSet, String onFailure) {
        begin(region, stack, kind, token, template, parameters, resolved, changeSet, onFailure, false);
    }

    /** {@code asRollback}: an update that takes a nested stack back as its parent rolls back (UPDATE_ROLLBACK_* statuses). */
    void begin(CfnRegion region, SimStack stack, StackOperation.Kind kind, String token, Template template,
               Map<String, String> parameters, Map<String, String> resolved, SimChangeSet changeSet, String onFailure,
               boolean asRollback) {
        stack.statusBeforeOperation = stack.status;
        StackOperation operation = new StackOperation(this, region, stack, kind, token, template, parameters, resolved,
                changeSet, onFailure, asRollback);
        stack.operation = operation;
        if (token != null) {
            stack.tokens.put(token, kind.name());
        }
        operation.start();
        world.at(now(), () -> { });
    }

    void planChangeSet(SimChangeSet changeSet) {
        changeSet.readyAt = now().plus(CHANGE_SET_DELAY);
        world.at(changeSet.readyAt, () -> { });
    }

    /** A signal for a resource of a stack (by name or id): false when nothing there waits for it. */
    boolean signal(String regionName, String stackNameOrId, String logicalId, String uniqueId, boolean success) {
        SimStack stack = region(regionName).find(stackNameOrId);
        StackOperation operation = stack == null ? null : stack.operation;
        boolean taken = operation != null && operation.signal(logicalId, uniqueId, success);
        if (taken) {
            world.at(now(), () -> { });
        }
        return taken;
    }

    ChangeSetPlanner planner() {
        return planner;
    }

    /** The capability the template needs: CAPABILITY_NAMED_IAM, CAPABILITY_IAM, or none. */
    static Optional<String> requiredCapability(Template template) {
        String required = null;
        for (ResourceDeclaration resource : template.resources().values()) {
            String capability = ResourceProviders.capabilityFor(resource.type(), resource.properties());
            if ("CAPABILITY_NAMED_IAM".equals(capability)) {
                return Optional.of(capability);
            }
            if (capability != null) {
                required = capability;
            }
        }
        return Optional.ofNullable(required);
    }

    static void requireCapabilities(Template template, List<String> given) {
        Optional<String> required = requiredCapability(template);
        if (required.isEmpty()) {
            return;
        }
        boolean ok = given.contains("CAPABILITY_NAMED_IAM")
                || ("CAPABILITY_IAM".equals(required.get()) && given.contains("CAPABILITY_IAM"));
        if (!ok) {
            throw AwsException.client("InsufficientCapabilitiesException", "Requires capabilities : [" + required.get() + "]");
        }
    }
}

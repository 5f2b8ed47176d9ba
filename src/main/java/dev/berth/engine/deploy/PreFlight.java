package dev.berth.engine.deploy;

import dev.berth.engine.RefusedException;
import dev.berth.engine.capacity.GrowthCheck;
import dev.berth.engine.capacity.GrowthForecast;
import dev.berth.engine.capacity.Reservation;
import dev.berth.engine.capacity.ClusterRoomReader;
import dev.berth.engine.capacity.RoomCheck;
import dev.berth.engine.capacity.RoomPlanner;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.RolloutConfiguration;
import dev.berth.engine.deploy.verdict.ServiceSupport;
import dev.berth.engine.stack.CloudFormationMessages;
import dev.berth.engine.stack.StackServices;
import dev.berth.engine.stack.StackStatuses;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateSummaryResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.ParameterDeclaration;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks before a deploy, with read calls only: the stack exists and can be updated (or is
 * being updated to this very version, to re-attach), its template has the version parameter, and
 * every ECS service it owns can make progress within its rollout bounds.
 */
public final class PreFlight {
    private final CloudFormationClient cfn;
    private final EcsClient ecs;
    private final ImagePreFlight images;
    private final DeploymentListener listener;
    private final Clock clock;

    public PreFlight(CloudFormationClient cfn, EcsClient ecs, EcrClient ecr, DeploymentListener listener, Clock clock) {
        this.cfn = cfn;
        this.ecs = ecs;
        this.listener = listener;
        this.clock = clock;
        this.images = new ImagePreFlight(cfn, ecr, listener, clock);
    }

    public PreFlightReport check(DeployOptions options) {
        Stack stack = stack(options.stack());
        String status = stack.stackStatusAsString();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Parameter parameter : stack.parameters()) {
            parameters.put(parameter.parameterKey(), parameter.parameterValue());
        }
        String current = parameters.get(options.parameter());
        boolean reattach = false;
        if (!StackStatuses.updatable(status)) {
            boolean updating = StackStatuses.inProgress(status) && status.startsWith("UPDATE_");
            if (updating && names(current, options.version())) {
                reattach = true; // the same deploy is under way, say after the build machine died: follow it
            } else if (updating && status.startsWith("UPDATE_ROLLBACK") && names(executedVersion(stack, options), options.version())) {
                reattach = true; // this version's update is being rolled back: follow the rollback to its verdict
            } else {
                throw new RefusedException(refusal(stack, status, current));
            }
        }
        GetTemplateSummaryResponse summary;
        try {
            summary = cfn.getTemplateSummary(r -> r.stackName(stack.stackId()));
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to read the template of stack " + stack.stackName(), e);
        }
        List<String> declared = summary.parameters().stream().map(ParameterDeclaration::parameterKey).toList();
        if (!declared.contains(options.parameter())) {
            throw new RefusedException("stack " + stack.stackName() + " has no parameter '" + options.parameter()
                    + "' (its parameters: " + String.join(", ", declared) + "); name the version parameter with --parameter");
        }
        List<ServiceTarget> services = services(stack);
        for (ServiceTarget service : services) {
            if (service.bounds().stuck()) {
                throw new RefusedException("service " + service.service() + " of stack " + stack.stackName() + ": "
                        + service.bounds().stuckExplanation() + ". Change DesiredCount, MinimumHealthyPercent or MaximumPercent first");
            }
        }
        for (ServiceTarget service : reattach ? List.<ServiceTarget>of() : services) {
            RoomCheck room = service.capacity();
            GrowthForecast growth = room.fits() ? null : growth(service.cluster(), room, services);
            if (growth != null && growth.grows()) {
                listener.on(new BerthEvent.Warning(clock.instant(), stack.stackName() + "/" + service.service(),
                        "the rollout will stall for room until the cluster's Auto Scaling group adds " + room.instancesToAdd()
                        + " instance(s) on its own (" + growth.why() + "): " + room.reason() + "; to avoid the wait: " + room.remedy()));
                continue;
            }
            if (!room.fits()) {
                throw new RefusedException("service " + service.service() + " of stack " + stack.stackName() + " has no room on "
                        + "cluster " + service.cluster() + ": the rollout " + room.reason() + "; the cluster will not grow by itself: "
                        + growth.why() + ". Remedy: " + room.remedy());
            }
            if (room.slow()) {
                listener.on(new BerthEvent.Warning(clock.instant(), stack.stackName() + "/" + service.service(),
                        "the rollout will be slow for room: " + room.reason() + "; " + room.remedy()));
            }
        }
        // the version parameter is a tag (with a Repository parameter beside it), or a whole image reference
        boolean wholeReference = current != null && ImagePreFlight.isImageReference(current);
        String repositoryUri = wholeReference ? ImagePreFlight.repositoryOf(current) : parameters.get(options.repositoryParameter());
        String value = wholeReference ? repositoryUri + ":" + options.version() : options.version();
        Optional<PreFlightReport.ImageCheck> image = images.check(stack, parameters, value, options);
        if (options.pinDigest()) {
            PreFlightReport.ImageCheck pinned = image.orElseThrow(() -> new RefusedException("--pin-digest needs the image's "
                    + "repository (parameter '" + options.repositoryParameter() + "', or a whole image reference in '"
                    + options.parameter() + "') to be an ECR repository berth can see; stack " + stack.stackName()
                    + " names " + (repositoryUri == null ? "none" : repositoryUri)));
            value = pinned.repositoryUri() + "@" + pinned.digest();
        }
        return new PreFlightReport(stack.stackId(), stack.stackName(), status, current, parameters,
                capabilities(summary, stack), services, reattach, image.orElse(null), value, options.parameter(),
                stack.lastUpdatedTime());
    }

    /**
     * What the template asks for, and what the stack was already granted: a template whose nested
     * stacks hold IAM resources needs CAPABILITY_IAM although its own summary does not say so.
     */
    private static List<String> capabilities(GetTemplateSummaryResponse summary, Stack stack) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(summary.capabilitiesAsStrings());
        all.addAll(stack.capabilitiesAsStrings());
        return List.copyOf(all);
    }

    private static boolean names(String value, String version) {
        return value != null && (value.equals(version) || value.endsWith(":" + version));
    }

    /**
     * The version the stack's last executed change set set, which is the update a rollback undoes;
     * null when it cannot be read. During a rollback the stack's parameters may already show the
     * old values again, so the change set is the witness.
     */
    private String executedVersion(Stack stack, DeployOptions options) {
        String fromParameters = stack.parameters().stream().filter(p -> p.parameterKey().equals(options.parameter()))
                .map(Parameter::parameterValue).findFirst().orElse(null);
        if (names(fromParameters, options.version()) || stack.changeSetId() == null) {
            return fromParameters;
        }
        try {
            return cfn.describeChangeSet(r -> r.changeSetName(stack.changeSetId())).parameters().stream()
                    .filter(p -> p.parameterKey().equals(options.parameter())).map(Parameter::parameterValue)
                    .findFirst().orElse(null);
        } catch (SdkException e) {
            return fromParameters;
        }
    }

    private Stack stack(String name) {
        try {
            List<Stack> stacks = cfn.describeStacks(r -> r.stackName(name)).stacks();
            if (stacks.isEmpty() || "DELETE_COMPLETE".equals(stacks.get(0).stackStatusAsString())) {
                throw new RefusedException("stack " + name + " was not found");
            }
            return stacks.get(0);
        } catch (CloudFormationException e) {
            if (CloudFormationMessages.stackMissing(AwsErrors.errorCode(e), e.getMessage())) {
                throw new RefusedException("stack " + name + " was not found", e);
            }
            throw AwsErrors.wrap("failed to describe stack " + name, e);
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to describe stack " + name, e);
        }
    }

    private static String refusal(Stack stack, String status, String current) {
        String name = stack.stackName();
        if ("UPDATE_ROLLBACK_FAILED".equals(status)) {
            return "stack " + name + " is UPDATE_ROLLBACK_FAILED and cannot be updated; finish its rollback first: "
                    + "aws cloudformation continue-update-rollback --stack-name " + name + " (with --resources-to-skip for "
                    + "resources that cannot be rolled back)";
        }
        if (StackStatuses.inProgress(status)) {
            return "stack " + name + " is being updated (" + status + (current == null ? "" : ", to version " + current)
                    + "); berth deploys one version at a time: wait for it to finish, or re-run with --version " + current
                    + " to follow it";
        }
        return "stack " + name + " is " + status + " and cannot be updated"
                + (stack.stackStatusReason() == null ? "" : " (" + stack.stackStatusReason() + ")");
    }

    /** The ECS services the stack owns, each with its rollout bounds as configured now. */
    private List<ServiceTarget> services(Stack stack) {
        List<ServiceTarget> services = new ArrayList<>();
        for (StackServices.StackService owned : StackServices.of(cfn, stack.stackId())) {
            Service service = describe(owned.cluster(), owned.serviceArn());
            Optional<String> unjudgeable = ServiceSupport.unjudgeable(service.serviceName(),
                    service.deploymentController() == null ? null : service.deploymentController().typeAsString(),
                    service.deploymentConfiguration() == null ? null : service.deploymentConfiguration().strategyAsString());
            if (unjudgeable.isPresent()) {
                throw new RefusedException(unjudgeable.get() + "; stack " + stack.stackName() + " cannot be deployed by berth");
            }
            RolloutConfiguration config = RolloutConfiguration.of(service);
            String running = runningTaskDefinition(service);
            services.add(new ServiceTarget(owned.logicalId(), owned.cluster(), service.serviceName(), owned.serviceArn(),
                    running, config.bounds(), config.circuitBreaker(), config.rollback(),
                    room(owned.cluster(), service, running, config.bounds()), DeploymentAlarmSettings.of(service)));
        }
        return services;
    }

    /** Whether the cluster's group adds the instances the rollout lacks by itself, once every service's first wave is placed. */
    private GrowthForecast growth(String cluster, RoomCheck room, List<ServiceTarget> services) {
        List<Reservation.Wave> waves = services.stream().filter(s -> s.cluster().equals(cluster) && s.capacity().checked())
                .map(s -> new Reservation.Wave(s.capacity().taskCpu(), s.capacity().taskMemoryMiB(), s.capacity().tasksAtOnce(),
                        s.bounds().tasksStoppedUpFront())).toList();
        try {
            return new GrowthCheck(cfn, ecs).forecast(cluster, room, waves);
        } catch (dev.berth.engine.BerthException e) {
            return new GrowthForecast(false, "its reservation could not be read: " + e.getMessage());
        }
    }

    /** Whether the service's rollout has room on the cluster's registered instances, with read calls only. */
    private RoomCheck room(String cluster, Service service, String taskDefinition, dev.berth.engine.rollout.RolloutBounds bounds) {
        if (bounds.stuck() || taskDefinition == null) {
            return RoomCheck.notChecked("the rollout bounds decide first");
        }
        try {
            return new ClusterRoomReader(ecs).read(cluster, service, taskDefinition)
                    .map(room -> RoomPlanner.check(bounds, room))
                    .orElseGet(() -> RoomCheck.notChecked("no registered container instance decides where the tasks go "
                            + "(FARGATE, awsvpc, a capacity provider, or a cluster without instances)"));
        } catch (dev.berth.engine.BerthException e) {
            // a role without ecs:ListContainerInstances may still deploy: say that room was not checked
            listener.on(new BerthEvent.Warning(clock.instant(), service.serviceName(), "room not checked: " + e.getMessage()));
            return RoomCheck.notChecked("could not read the cluster's room: " + e.getMessage());
        }
    }

    /** What the service runs: its PRIMARY deployment's task definition (the service's own field may already name one ECS never applied). */
    static String runningTaskDefinition(Service service) {
        return service.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).map(d -> d.taskDefinition())
                .filter(java.util.Objects::nonNull).findFirst().orElse(service.taskDefinition());
    }

    private Service describe(String cluster, String arn) {
        DescribeServicesResponse response;
        try {
            response = ecs.describeServices(r -> r.cluster(cluster).services(arn));
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to describe service " + arn, e);
        }
        if (response.services().isEmpty()) {
            throw new RefusedException("service " + arn + " of the stack was not found in cluster " + cluster);
        }
        return response.services().get(0);
    }
}

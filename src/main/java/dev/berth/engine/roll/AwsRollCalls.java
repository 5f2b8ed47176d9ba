package dev.berth.engine.roll;

import dev.berth.engine.RefusedException;
import dev.berth.engine.rollout.RolloutConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The roll's calls through the AWS SDK: the stack's group and cluster, at every poll the group, the
 * instances and the services, the three changes (grow, drain, terminate), and suspending and resuming
 * the group's processes around them.
 */
public final class AwsRollCalls implements RollCalls {
    private final CloudFormationClient cfn;
    private final AutoScalingClient autoScaling;
    private final EcsClient ecs;

    public AwsRollCalls(CloudFormationClient cfn, AutoScalingClient autoScaling, EcsClient ecs) {
        this.cfn = cfn;
        this.autoScaling = autoScaling;
        this.ecs = ecs;
    }

    /** Refuses a missing stack, one mid-operation, or one without exactly one group and one cluster. */
    @Override
    public Target target(String stackName) {
        Stack stack;
        try {
            stack = cfn.describeStacks(r -> r.stackName(stackName)).stacks().get(0);
        } catch (CloudFormationException e) {
            if (String.valueOf(e.getMessage()).contains("does not exist")) {
                throw new RefusedException("stack " + stackName + " does not exist");
            }
            throw e;
        }
        String status = stack.stackStatusAsString();
        if (status.endsWith("_IN_PROGRESS") || status.endsWith("_FAILED") || status.equals("ROLLBACK_COMPLETE")) {
            throw new RefusedException("stack " + stackName + " is " + status + "; roll its instances once it is *_COMPLETE");
        }
        List<String> groups = new ArrayList<>();
        List<String> clusters = new ArrayList<>();
        for (StackResourceSummary resource : cfn.listStackResourcesPaginator(r -> r.stackName(stackName)).stackResourceSummaries()) {
            if ("AWS::AutoScaling::AutoScalingGroup".equals(resource.resourceType()) && resource.physicalResourceId() != null) {
                groups.add(resource.physicalResourceId());
            } else if ("AWS::ECS::Cluster".equals(resource.resourceType()) && resource.physicalResourceId() != null) {
                clusters.add(resource.physicalResourceId());
            }
        }
        if (groups.size() != 1) {
            throw new RefusedException("stack " + stackName + " has " + (groups.isEmpty() ? "no" : groups.size())
                    + " AWS::AutoScaling::AutoScalingGroup" + (groups.isEmpty() ? "" : " " + groups)
                    + "; cluster roll replaces the instances of exactly one group");
        }
        if (clusters.size() != 1) {
            throw new RefusedException("stack " + stackName + " has " + (clusters.isEmpty() ? "no" : clusters.size())
                    + " AWS::ECS::Cluster; cluster roll needs the one cluster its instances join");
        }
        String cluster = clusters.get(0);
        return new Target(stackName, groups.get(0), cluster.substring(cluster.lastIndexOf('/') + 1));
    }

    @Override
    public Snapshot read(Target target) {
        List<AutoScalingGroup> found = autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(target.group()))
                .autoScalingGroups();
        if (found.isEmpty()) {
            throw new RefusedException("Auto Scaling group " + target.group() + " of stack " + target.stack() + " does not exist");
        }
        AutoScalingGroup group = found.get(0);
        Map<String, String> lifecycle = new LinkedHashMap<>();
        group.instances().stream().sorted(java.util.Comparator.comparing(i -> i.instanceId()))
                .forEach(i -> lifecycle.put(i.instanceId(), i.lifecycleStateAsString()));
        return new Snapshot(new RollPlan.GroupSize(group.autoScalingGroupName(), group.minSize(), group.maxSize(),
                group.desiredCapacity()), lifecycle, registered(target.cluster()), services(target.cluster()),
                group.suspendedProcesses().stream().map(p -> p.processName()).collect(java.util.stream.Collectors.toSet()));
    }

    private Map<String, Registered> registered(String cluster) {
        Map<String, Registered> registered = new HashMap<>();
        List<String> arns = new ArrayList<>();
        ecs.listContainerInstancesPaginator(r -> r.cluster(cluster)).containerInstanceArns().forEach(arns::add);
        for (int i = 0; i < arns.size(); i += 100) {
            List<String> batch = arns.subList(i, Math.min(arns.size(), i + 100));
            for (ContainerInstance instance : ecs.describeContainerInstances(r -> r.cluster(cluster).containerInstances(batch))
                    .containerInstances()) {
                registered.put(instance.ec2InstanceId(), new Registered(instance.containerInstanceArn(), instance.status(),
                        count(instance.runningTasksCount()) + count(instance.pendingTasksCount())));
            }
        }
        return registered;
    }

    private List<ServiceCount> services(String cluster) {
        List<String> arns = new ArrayList<>();
        ecs.listServicesPaginator(r -> r.cluster(cluster)).serviceArns().forEach(arns::add);
        List<ServiceCount> services = new ArrayList<>();
        for (int i = 0; i < arns.size(); i += 10) {
            List<String> batch = arns.subList(i, Math.min(arns.size(), i + 10));
            for (Service service : ecs.describeServices(r -> r.cluster(cluster).services(batch)).services()) {
                if (!"ACTIVE".equals(service.status())) {
                    continue;
                }
                var bounds = RolloutConfiguration.of(service).bounds();
                services.add(new ServiceCount(service.serviceName(), bounds.desired(), count(service.runningCount()),
                        count(service.pendingCount()), bounds.minimumHealthyPercent(), bounds.maximumPercent(),
                        service.deployments().size()));
            }
        }
        services.sort(java.util.Comparator.comparing(ServiceCount::name));
        return services;
    }

    @Override
    public int mostOnOneInstance(String cluster, String service) {
        List<String> arns = new ArrayList<>();
        ecs.listTasksPaginator(r -> r.cluster(cluster).serviceName(service)).taskArns().forEach(arns::add);
        Map<String, Integer> perInstance = new HashMap<>();
        for (int i = 0; i < arns.size(); i += 100) {
            List<String> batch = arns.subList(i, Math.min(arns.size(), i + 100));
            for (Task task : ecs.describeTasks(r -> r.cluster(cluster).tasks(batch)).tasks()) {
                if (task.containerInstanceArn() != null) {
                    perInstance.merge(task.containerInstanceArn(), 1, Integer::sum);
                }
            }
        }
        return perInstance.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    @Override
    public void setDesiredCapacity(Target target, int desired) {
        autoScaling.setDesiredCapacity(r -> r.autoScalingGroupName(target.group()).desiredCapacity(desired).honorCooldown(false));
    }

    @Override
    public void drain(Target target, String containerInstanceArn) {
        var answer = ecs.updateContainerInstancesState(r -> r.cluster(target.cluster()).containerInstances(containerInstanceArn)
                .status(ContainerInstanceStatus.DRAINING));
        if (!answer.failures().isEmpty()) {
            throw SdkClientException.create("ECS did not set " + containerInstanceArn + " DRAINING: "
                    + answer.failures().get(0).reason());
        }
    }

    /**
     * A retried call whose first attempt went through is refused (the instance is no longer in service):
     * when the instance is terminating or gone, the termination happened.
     */
    @Override
    public void terminate(String instanceId, boolean decrementDesired) {
        try {
            autoScaling.terminateInstanceInAutoScalingGroup(r -> r.instanceId(instanceId)
                    .shouldDecrementDesiredCapacity(decrementDesired));
        } catch (AutoScalingException e) {
            var found = autoScaling.describeAutoScalingInstances(r -> r.instanceIds(instanceId)).autoScalingInstances();
            if (!found.isEmpty() && !found.get(0).lifecycleState().startsWith("Terminat")) {
                throw e;
            }
        }
    }

    @Override
    public void suspend(Target target, List<String> processes) {
        autoScaling.suspendProcesses(r -> r.autoScalingGroupName(target.group()).scalingProcesses(processes));
    }

    @Override
    public void resume(Target target, List<String> processes) {
        autoScaling.resumeProcesses(r -> r.autoScalingGroupName(target.group()).scalingProcesses(processes));
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }
}

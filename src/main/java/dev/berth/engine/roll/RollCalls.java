package dev.berth.engine.roll;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The AWS calls a roll makes, apart from the driver that decides when to make them. */
public interface RollCalls {
    /** The cluster stack, its Auto Scaling group and its ECS cluster. */
    record Target(String stack, String group, String cluster) {
    }

    /** An EC2 instance registered with the cluster: its container-instance ARN, status and tasks (running and pending). */
    record Registered(String arn, String status, int tasks) {
    }

    /**
     * One poll: the group's size, its instances' LifecycleState, the registered instances by EC2 id, the services,
     * and the group's suspended Auto Scaling processes.
     */
    record Snapshot(RollPlan.GroupSize group, Map<String, String> lifecycle, Map<String, Registered> registered,
                    List<ServiceCount> services, Set<String> suspended) {
    }

    /** Finds the stack's group and cluster; refuses (RefusedException) what cannot be rolled. */
    Target target(String stack);

    Snapshot read(Target target);

    /** The most tasks of the service that one container instance carries now. */
    int mostOnOneInstance(String cluster, String service);

    void setDesiredCapacity(Target target, int desired);

    void drain(Target target, String containerInstanceArn);

    void terminate(String instanceId, boolean decrementDesired);

    /** Suspends these Auto Scaling processes of the group (SuspendProcesses). */
    void suspend(Target target, List<String> processes);

    /** Resumes these Auto Scaling processes of the group (ResumeProcesses). */
    void resume(Target target, List<String> processes);
}

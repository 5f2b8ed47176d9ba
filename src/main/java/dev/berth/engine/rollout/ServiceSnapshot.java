package dev.berth.engine.rollout;

import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One DescribeServices answer for one service, reduced to what the verdict depends on. */
record ServiceSnapshot(
        String name,
        String status,
        int desired,
        RolloutBounds bounds,
        boolean breakerEnabled,
        boolean breakerRollback,
        List<DeploymentView> deployments,
        List<ServiceEventView> events) {

    static ServiceSnapshot of(Service service) {
        RolloutConfiguration config = RolloutConfiguration.of(service);
        List<DeploymentView> deployments = new ArrayList<>();
        for (Deployment d : service.deployments()) {
            deployments.add(DeploymentView.of(d));
        }
        List<ServiceEventView> events = new ArrayList<>();
        for (ServiceEvent e : service.events()) {
            events.add(new ServiceEventView(e.id(), e.createdAt(), e.message()));
        }
        return new ServiceSnapshot(service.serviceName(), service.status(), config.bounds().desired(), config.bounds(),
                config.circuitBreaker(), config.rollback(), List.copyOf(deployments), List.copyOf(events));
    }

    DeploymentView primary() {
        for (DeploymentView d : deployments) {
            if (d.primary()) {
                return d;
            }
        }
        return deployments.isEmpty() ? null : deployments.get(0);
    }

    DeploymentView withTaskDefinition(String wanted) {
        for (DeploymentView d : deployments) {
            if (TaskDefinitions.matches(d.taskDefinition(), wanted)) {
                return d;
            }
        }
        return null;
    }

    int runningOrPending() {
        int total = 0;
        for (DeploymentView d : deployments) {
            total += d.running() + d.pending();
        }
        return total;
    }

    int running() {
        int total = 0;
        for (DeploymentView d : deployments) {
            total += d.running();
        }
        return total;
    }

    Instant newestInProgressCreatedAt() {
        Instant newest = null;
        for (DeploymentView d : deployments) {
            if (!"COMPLETED".equals(d.rolloutState()) && d.createdAt() != null
                    && (newest == null || d.createdAt().isAfter(newest))) {
                newest = d.createdAt();
            }
        }
        return newest;
    }
}

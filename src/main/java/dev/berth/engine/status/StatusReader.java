package dev.berth.engine.status;

import dev.berth.engine.RefusedException;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.rollout.DeploymentView;
import dev.berth.engine.rollout.RolloutConfiguration;
import dev.berth.engine.rollout.ServiceEventView;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.Service;

import java.util.ArrayList;
import java.util.List;

/** {@code berth status}: reads services in one DescribeServices call per ten. Changes nothing. */
public final class StatusReader {
    private static final int RECENT_EVENTS = 5;

    private final EcsClient ecs;

    public StatusReader(EcsClient ecs) {
        this.ecs = ecs;
    }

    public List<ServiceStatus> read(StatusOptions options) {
        List<ServiceStatus> statuses = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < options.services().size(); i += 10) {
            List<String> chunk = options.services().subList(i, Math.min(options.services().size(), i + 10));
            DescribeServicesResponse response;
            try {
                response = ecs.describeServices(r -> r.cluster(options.cluster()).services(chunk));
            } catch (ClusterNotFoundException e) {
                throw new RefusedException("cluster " + options.cluster() + " was not found", e);
            } catch (SdkException e) {
                throw AwsErrors.wrap("failed to describe services in cluster " + options.cluster(), e);
            }
            for (Failure failure : response.failures()) {
                missing.add(describe(failure));
            }
            for (Service service : response.services()) {
                statuses.add(status(service));
            }
        }
        if (!missing.isEmpty()) {
            throw new RefusedException("not found in cluster " + options.cluster() + ": " + String.join(", ", missing));
        }
        return statuses;
    }

    private static ServiceStatus status(Service service) {
        RolloutConfiguration config = RolloutConfiguration.of(service);
        List<DeploymentView> deployments = service.deployments().stream().map(DeploymentView::of).toList();
        List<ServiceEventView> events = service.events().stream().limit(RECENT_EVENTS)
                .map(e -> new ServiceEventView(e.id(), e.createdAt(), e.message())).toList();
        return new ServiceStatus(service.serviceName(), service.status(), service.taskDefinition(),
                config.bounds().desired(), zero(service.runningCount()), zero(service.pendingCount()),
                config.bounds(), config.circuitBreaker(), config.rollback(), deployments, events,
                dev.berth.engine.deploy.DeploymentAlarmSettings.of(service), List.of());
    }

    /** A service ECS did not find; the model makes a failure's arn and reason optional. */
    static String describe(Failure failure) {
        String arn = failure.arn();
        String name = arn == null ? "a service" : arn.substring(arn.lastIndexOf('/') + 1);
        return name + " (" + (failure.reason() == null ? "no reason given" : failure.reason()) + ")";
    }

    private static int zero(Integer value) {
        return value == null ? 0 : value;
    }
}

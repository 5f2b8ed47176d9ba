package dev.berth.engine.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.deploy.verdict.AlarmFailure;
import dev.berth.engine.deploy.verdict.Observation;
import dev.berth.engine.deploy.verdict.OwnedService;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads from AWS which deployment alarms failed a release: the service deployment ECS failed
 * (ListServiceDeployments, DescribeServiceDeployments: its {@code triggeredAlarmNames} and whether
 * its alarms roll back), then each alarm's move into ALARM from CloudWatch's history (reason and
 * time from {@code HistoryData}), or its current state when the history says nothing.
 */
final class DeploymentAlarmReader {
    private static final Set<String> FAILED = Set.of("ROLLBACK_SUCCESSFUL", "ROLLBACK_IN_PROGRESS", "ROLLBACK_FAILED",
            "STOPPED");
    private static final int RECENT = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EcsClient ecs;
    private final CloudWatchClient cloudWatch;

    /** @param cloudWatch null when CloudWatch is out of reach: the alarms are named without reason or time */
    DeploymentAlarmReader(EcsClient ecs, CloudWatchClient cloudWatch) {
        this.ecs = ecs;
        this.cloudWatch = cloudWatch;
    }

    CloudWatchClient cloudWatch() {
        return cloudWatch;
    }

    /**
     * The alarms that failed the newest failed deployment of each service that watches deployment
     * alarms ({@code watching}, by ARN, as pre-flight read them); none when they cannot be read.
     */
    List<AlarmFailure> read(Observation observed, Set<String> watching) {
        List<AlarmFailure> failures = new ArrayList<>();
        if (observed == null || watching.isEmpty()) {
            return failures;
        }
        for (OwnedService service : observed.services()) {
            if (!watching.contains(service.serviceArn())) {
                continue;
            }
            try {
                newestFailed(service).ifPresent(deployment -> failures.addAll(alarmsOf(service, deployment)));
            } catch (SdkException e) {
                // an explanation only: the verdict stands on the stack and the services
            }
        }
        return failures;
    }

    private Optional<ServiceDeployment> newestFailed(OwnedService service) {
        List<String> arns = ecs.listServiceDeployments(r -> r.cluster(service.cluster()).service(service.serviceArn())
                .maxResults(RECENT)).serviceDeployments().stream().map(ServiceDeploymentBrief::serviceDeploymentArn).toList();
        if (arns.isEmpty()) {
            return Optional.empty();
        }
        List<ServiceDeployment> deployments = new ArrayList<>(ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(arns))
                .serviceDeployments());
        deployments.sort((a, b) -> compare(b.createdAt(), a.createdAt()));
        for (ServiceDeployment deployment : deployments) {
            boolean superseded = deployment.statusReason() != null && deployment.statusReason().startsWith("Superseded");
            if (FAILED.contains(deployment.statusAsString()) && !superseded) {
                return Optional.of(deployment);
            }
        }
        return Optional.empty();
    }

    private List<AlarmFailure> alarmsOf(OwnedService service, ServiceDeployment deployment) {
        List<AlarmFailure> failures = new ArrayList<>();
        if (deployment.alarms() == null || !deployment.alarms().hasTriggeredAlarmNames()) {
            return failures;
        }
        boolean rollback = deployment.deploymentConfiguration() != null && deployment.deploymentConfiguration().alarms() != null
                && Boolean.TRUE.equals(deployment.deploymentConfiguration().alarms().rollback());
        for (String alarm : deployment.alarms().triggeredAlarmNames()) {
            Fired fired = fired(alarm, deployment.createdAt());
            failures.add(new AlarmFailure(service.name(), alarm, fired.reason(), fired.at(), rollback));
        }
        return failures;
    }

    private record Fired(String reason, Instant at) {
    }

    /** When and why the alarm went into ALARM since {@code since}, from its history, else its state. */
    private Fired fired(String alarm, Instant since) {
        if (cloudWatch == null) {
            return new Fired(null, null);
        }
        try {
            for (AlarmHistoryItem item : cloudWatch.describeAlarmHistory(r -> r.alarmName(alarm)
                    .historyItemType(HistoryItemType.STATE_UPDATE).scanBy(ScanBy.TIMESTAMP_DESCENDING).maxRecords(20))
                    .alarmHistoryItems()) {
                JsonNode data = JSON.readTree(item.historyData() == null ? "{}" : item.historyData());
                boolean toAlarm = "ALARM".equals(data.path("newState").path("stateValue").asText());
                if (toAlarm && (since == null || !item.timestamp().isBefore(since))) {
                    return new Fired(data.path("newState").path("stateReason").asText(null), item.timestamp());
                }
            }
            List<MetricAlarm> alarms = cloudWatch.describeAlarms(r -> r.alarmNames(alarm)).metricAlarms();
            if (!alarms.isEmpty() && "ALARM".equals(alarms.get(0).stateValueAsString())) {
                return new Fired(alarms.get(0).stateReason(), alarms.get(0).stateUpdatedTimestamp());
            }
        } catch (SdkException | IOException e) {
            // the alarm is still named; its reason and time are only an explanation
        }
        return new Fired(null, null);
    }

    private static int compare(Instant a, Instant b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return a.compareTo(b);
    }
}

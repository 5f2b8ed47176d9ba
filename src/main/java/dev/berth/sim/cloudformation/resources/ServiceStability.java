package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/**
 * How CloudFormation judges an ECS service it created or updated, from one DescribeServices
 * answer: stable on the requested task definition, failed, or not yet. Failed when any deployment
 * the operation started failed, also when the circuit breaker already rolled it back and ECS
 * dropped it from the service before this look. Pure.
 */
final class ServiceStability {
    enum State { STABLE, FAILED, WAITING }

    /** How the simulator's ECS begins the rolloutStateReason of a deployment its alarms failed. */
    static final String ALARMS_REASON = "ECS deployment alarms triggered";

    private ServiceStability() {
    }

    /**
     * @param started        ids of the deployments the create or update started
     * @param service        the service as DescribeServices gives it
     * @param taskDefinition the task definition requested, as the template gives it (ARN or family:revision)
     */
    static State judge(Set<String> started, JsonNode service, String taskDefinition) {
        JsonNode deployments = service.path("deployments");
        JsonNode primary = deployments.path(0);
        boolean onRequested = taskDefinition == null || taskDefinition.equals(primary.path("taskDefinition").asText())
                || primary.path("taskDefinition").asText().endsWith("/" + taskDefinition);
        boolean startedStillThere = false;
        for (JsonNode deployment : deployments) {
            if (started.contains(deployment.path("id").asText())) {
                startedStillThere = true;
                if ("FAILED".equals(deployment.path("rolloutState").asText())) {
                    return State.FAILED;
                }
            }
        }
        String reason = primary.path("rolloutStateReason").asText();
        if (!onRequested && (reason.contains("circuit breaker") || reason.startsWith(ALARMS_REASON)
                || (!started.isEmpty() && !startedStillThere))) {
            return State.FAILED; // rolled back to an earlier deployment: what this operation started is gone
        }
        boolean scaled = service.path("runningCount").asInt() == service.path("desiredCount").asInt();
        if (deployments.size() == 1 && onRequested && scaled && "COMPLETED".equals(primary.path("rolloutState").asText())) {
            return State.STABLE;
        }
        return State.WAITING;
    }

    /** Whether deployment alarms, rather than the circuit breaker, failed a deployment of the service. */
    static boolean failedByAlarms(JsonNode service) {
        for (JsonNode deployment : service.path("deployments")) {
            if (deployment.path("rolloutStateReason").asText().startsWith(ALARMS_REASON)) {
                return true;
            }
        }
        return false;
    }
}

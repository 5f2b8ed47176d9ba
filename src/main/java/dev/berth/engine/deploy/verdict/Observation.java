package dev.berth.engine.deploy.verdict;

import java.util.List;
import java.util.Map;

/**
 * The stack and its services as read at one moment: the stack's status and parameters, the ECS
 * services it owns with the task definition each must run, and what ECS says of each (by ARN).
 */
public record Observation(String stackStatus, Map<String, String> parameters, List<OwnedService> services,
                          Map<String, ServiceState> states) {
    public Observation {
        parameters = Map.copyOf(parameters);
        services = List.copyOf(services);
        states = Map.copyOf(states);
    }

    public ServiceState state(OwnedService service) {
        return states.getOrDefault(service.serviceArn(), ServiceState.missing(service.serviceArn()));
    }
}

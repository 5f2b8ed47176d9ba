package dev.berth.engine.deploy.verdict;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Small builders of observations for the decision core's tests. */
final class Observations {
    static final String TD1 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1";
    static final String TD2 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";
    static final String WEB = "arn:aws:ecs:us-east-1:123456789012:service/apps/web";

    private Observations() {
    }

    static Request request() {
        return new Request("web-prod", "2", "Version", "2", "1", Duration.ofMinutes(5), Duration.ofMinutes(10),
                "berth deploy --stack web-prod --version 2", null);
    }

    static OwnedService owned(String arn, String expected) {
        return new OwnedService("Service", "apps", arn, expected, "the stack's task definition TaskDefinition");
    }

    static ServiceState running(String arn, String primary, String rolloutState, int deployments) {
        return new ServiceState(arn, true, "ACTIVE", primary, primary, rolloutState, deployments, 2, 2, "ECS", "ROLLING");
    }

    static Observation observation(String status, String version, OwnedService service, ServiceState state) {
        return new Observation(status, Map.of("Version", version), List.of(service), Map.of(service.serviceArn(), state));
    }
}

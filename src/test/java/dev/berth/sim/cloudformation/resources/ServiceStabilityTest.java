package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** CloudFormation's judgement of an ECS service update, from one look at the service. */
class ServiceStabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * started deployments | deployments as id/taskDefinition/rolloutState[/reason], PRIMARY first | running/desired | verdict.
     */
    @ParameterizedTest(name = "[{index}] started {0}: {1} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "new|new/web:2/COMPLETED|2/2|STABLE",
            "new|new/web:2/IN_PROGRESS;old/web:1/COMPLETED|2/2|WAITING",
            "new|new/web:2/COMPLETED|1/2|WAITING",
            "new|new/web:2/FAILED|0/2|FAILED",
            // the breaker failed the new deployment and is rolling back: the failed one is still listed
            "new|old/web:1/IN_PROGRESS/rolling back;new/web:2/FAILED|2/2|FAILED",
            // rolled back completely between two looks: the deployment this update started is gone
            "new|old/web:1/COMPLETED|2/2|FAILED",
            // a rollback in progress whose reason names the breaker
            "|old/web:1/IN_PROGRESS/ECS deployment circuit breaker: rolling back to deploymentId old.|2/2|FAILED",
            // an update that started no deployment (nothing ECS deploys changed) on a stable service
            "|old/web:2/COMPLETED|2/2|STABLE",
            // another deployment failed before this operation (not started by it) and the service is stable now
            "new|new/web:2/COMPLETED;older/web:0/FAILED|2/2|WAITING"})
    void judged(String started, String deployments, String counts, String verdict) throws Exception {
        StringBuilder service = new StringBuilder("{\"runningCount\":" + counts.split("/")[0] + ",\"desiredCount\":"
                + counts.split("/")[1] + ",\"deployments\":[");
        String[] list = deployments.split(";");
        for (int i = 0; i < list.length; i++) {
            String[] d = list[i].split("/", 4);
            service.append(i == 0 ? "" : ",").append("{\"id\":\"").append(d[0]).append("\",\"taskDefinition\":\"arn:aws:ecs:"
                    + "us-east-1:123456789012:task-definition/").append(d[1]).append("\",\"rolloutState\":\"").append(d[2])
                    .append("\",\"rolloutStateReason\":\"").append(d.length > 3 ? d[3] : "").append("\"}");
        }
        service.append("]}");
        Set<String> ids = started == null ? Set.of() : Arrays.stream(started.split(",")).collect(Collectors.toSet());
        assertThat(ServiceStability.judge(ids, JSON.readTree(service.toString()), "web:2"))
                .isEqualTo(ServiceStability.State.valueOf(verdict));
    }
}

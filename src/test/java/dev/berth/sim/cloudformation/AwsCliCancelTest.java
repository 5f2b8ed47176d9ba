package dev.berth.sim.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.testing.AwsCli;
import dev.berth.testing.SimFixture;
import dev.berth.testing.StackFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code aws cloudformation cancel-update-stack} during a service update that cannot stabilise (a
 * release whose tasks never pass their health check): CloudFormation stops waiting on the service
 * at once and rolls it back, so the stack is back within the service's own rollback time, long
 * before the circuit breaker or CloudFormation's three-hour wait would end the update.
 */
class AwsCliCancelTest {
    private SimFixture sim;
    private AwsCli aws;

    @BeforeEach
    void start() throws Exception {
        sim = SimFixture.start(8); // slow enough that the AWS CLI's own start-up stays a few seconds of simulated time
        aws = new AwsCli(sim.endpoint());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void cancelDuringAServiceUpdateThatCannotStabiliseRollsBackWithinTheServicesRollbackTime() throws Exception {
        String stack = StackFixture.clusterAndService(sim, "stuck", Map.of());
        String before = taskDefinitionOfService(stack);
        AwsCli.Result update = aws.run("cloudformation", "update-stack", "--stack-name", stack, "--use-previous-template",
                "--capabilities", "CAPABILITY_IAM", "--parameters", "ParameterKey=Version,ParameterValue=2-unhealthy",
                "ParameterKey=ClusterStack,UsePreviousValue=true", "ParameterKey=Repository,UsePreviousValue=true");
        assertThat(update.exitCode()).as(update.stderr()).isZero();
        waitUntilServiceUpdating(stack);
        assertThat(stackStatus(stack)).isEqualTo("UPDATE_IN_PROGRESS");

        Instant cancelledAt = sim.server().world().clock().now();
        AwsCli.Result cancel = aws.run("cloudformation", "cancel-update-stack", "--stack-name", stack);
        assertThat(cancel.exitCode()).as(cancel.stderr()).isZero();
        assertThat(waitUntilSettled(stack)).isEqualTo("UPDATE_ROLLBACK_COMPLETE");

        List<String> events = events(stack);
        assertThat(events).containsSubsequence("Service UPDATE_IN_PROGRESS", "Service UPDATE_FAILED Resource update cancelled",
                stack + " UPDATE_ROLLBACK_IN_PROGRESS Resource update cancelled", "Service UPDATE_IN_PROGRESS",
                "Service UPDATE_COMPLETE", stack + " UPDATE_ROLLBACK_COMPLETE");
        Instant rolledBack = completedAt(stack, "UPDATE_ROLLBACK_COMPLETE");
        assertThat(Duration.between(cancelledAt, rolledBack)).as("from cancel to UPDATE_ROLLBACK_COMPLETE, simulated")
                .isLessThan(Duration.ofMinutes(5));
        assertThat(taskDefinitionOfService(stack)).isEqualTo(before);

        AwsCli.Result again = aws.run("cloudformation", "cancel-update-stack", "--stack-name", stack);
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.stderr()).contains("CancelUpdateStack cannot be called from current stack status");
    }

    private String stackStatus(String stack) throws Exception {
        return aws.run("cloudformation", "describe-stacks", "--stack-name", stack).json().path("Stacks").get(0)
                .path("StackStatus").asText();
    }

    private String waitUntilSettled(String stack) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String status = stackStatus(stack);
        while (status.endsWith("_IN_PROGRESS") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            status = stackStatus(stack);
        }
        return status;
    }

    private String taskDefinitionOfService(String stack) throws Exception {
        JsonNode resource = aws.run("cloudformation", "describe-stack-resource", "--stack-name", stack, "--logical-resource-id",
                "Service").json().path("StackResourceDetail");
        String arn = resource.path("PhysicalResourceId").asText();
        return aws.run("ecs", "describe-services", "--cluster", arn.split("/")[1], "--services", arn).json()
                .path("services").get(0).path("taskDefinition").asText();
    }

    private void waitUntilServiceUpdating(String stack) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!events(stack).contains("Service UPDATE_IN_PROGRESS")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the service update never started: " + events(stack));
            }
            Thread.sleep(200);
        }
    }

    private Instant completedAt(String stack, String status) throws Exception {
        for (JsonNode event : aws.run("cloudformation", "describe-stack-events", "--stack-name", stack).json().path("StackEvents")) {
            if (event.path("LogicalResourceId").asText().equals(stack) && event.path("ResourceStatus").asText().equals(status)) {
                return Instant.parse(event.path("Timestamp").asText().replace("+00:00", "Z"));
            }
        }
        throw new AssertionError(status + " not among the events of " + stack);
    }

    /** Oldest first: "LogicalId STATUS" and the reason when there is one. */
    private List<String> events(String stack) throws Exception {
        List<String> lines = new ArrayList<>();
        for (JsonNode event : aws.run("cloudformation", "describe-stack-events", "--stack-name", stack).json().path("StackEvents")) {
            String reason = event.path("ResourceStatusReason").asText("");
            lines.add(0, event.path("LogicalResourceId").asText() + " " + event.path("ResourceStatus").asText()
                    + (reason.isEmpty() ? "" : " " + reason));
        }
        return lines;
    }
}

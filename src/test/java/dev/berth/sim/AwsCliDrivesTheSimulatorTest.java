package dev.berth.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.testing.AwsCli;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real AWS CLI v2 (/usr/bin/aws) as the simulator's client, and berth beside its waiter. The
 * CLI's waiter sleeps 15 s between polls, so the tests run side by side, each with its own simulator.
 */
@Execution(ExecutionMode.CONCURRENT)
class AwsCliDrivesTheSimulatorTest {
    private static final String CONTAINERS =
            "[{\"name\":\"web\",\"image\":\"repo/web:%s\",\"memory\":128,\"essential\":true,"
                    + "\"portMappings\":[{\"containerPort\":8080,\"hostPort\":0}]}]";

    private SimFixture sim;
    private AwsCli aws;

    @BeforeEach
    void start() throws Exception {
        sim = SimFixture.start(10);
        aws = new AwsCli(sim.endpoint());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String register(String version) throws Exception {
        AwsCli.Result result = aws.run("ecs", "register-task-definition", "--family", "web",
                "--container-definitions", String.format(CONTAINERS, version));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result.json().path("taskDefinition").path("taskDefinitionArn").asText();
    }

    private void createService(String taskDefinition) throws Exception {
        assertThat(aws.run("ecs", "create-cluster", "--cluster-name", "apps").exitCode()).isZero();
        AwsCli.Result created = aws.run("ecs", "create-service", "--cluster", "apps", "--service-name", "web",
                "--task-definition", taskDefinition, "--desired-count", "4", "--deployment-configuration",
                "maximumPercent=200,minimumHealthyPercent=100,deploymentCircuitBreaker={enable=true,rollback=true}");
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        assertThat(created.json().path("service").path("desiredCount").asInt()).isEqualTo(4);
        CliRun stable = CliRun.against(sim, "wait", "--cluster", "apps", "--service", "web", "--timeout", "1m");
        assertThat(stable.exitCode()).as(stable.stderr()).isZero();
    }

    @Test
    void theAwsCliCreatesUpdatesDescribesAndWaitsOnAService() throws Exception {
        String first = register("1");
        assertThat(first).isEqualTo("arn:aws:ecs:us-east-1:000000000000:task-definition/web:1");
        createService(first);

        String second = register("2");
        AwsCli.Result updated = aws.run("ecs", "update-service", "--cluster", "apps", "--service", "web",
                "--task-definition", second);
        assertThat(updated.exitCode()).as(updated.stderr()).isZero();
        assertThat(updated.json().path("service").path("deployments").size()).isEqualTo(2);

        AwsCli.Result stable = aws.run("ecs", "wait", "services-stable", "--cluster", "apps", "--services", "web");
        assertThat(stable.exitCode()).as(stable.stderr()).isZero();

        JsonNode service = aws.run("ecs", "describe-services", "--cluster", "apps", "--services", "web")
                .json().path("services").get(0);
        assertThat(service.path("taskDefinition").asText()).isEqualTo(second);
        assertThat(service.path("runningCount").asInt()).isEqualTo(4);
        assertThat(service.path("deployments").size()).isEqualTo(1);
        assertThat(service.path("deployments").get(0).path("rolloutState").asText()).isEqualTo("COMPLETED");

        AwsCli.Result missing = aws.run("ecs", "describe-services", "--cluster", "nope", "--services", "web");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("An error occurred (ClusterNotFoundException) when calling the DescribeServices operation: Cluster not found.");
    }

    @Test
    void afterACircuitBreakerRollbackTheAwsWaiterSaysStableAndBerthSaysRolledBack() throws Exception {
        createService(register("1"));
        String bad = register("2-crash");
        assertThat(aws.run("ecs", "update-service", "--cluster", "apps", "--service", "web",
                "--task-definition", bad).exitCode()).isZero();

        CompletableFuture<AwsCli.Result> waiter = aws.start("ecs", "wait", "services-stable", "--cluster", "apps",
                "--services", "web");
        CliRun berth = CliRun.against(sim, "wait", "--cluster", "apps", "--service", "web",
                "--task-definition", bad, "--timeout", "2m", "--output", "json");
        AwsCli.Result awsWait = waiter.join();

        assertThat(awsWait.exitCode()).as("aws ecs wait services-stable reports success").isZero();
        assertThat(berth.exitCode()).as(berth.stderr()).isEqualTo(4);
        assertThat(berth.stdout()).contains("\"outcome\" : \"ROLLED_BACK\"");
        System.out.printf("side by side after a -crash release: aws ecs wait services-stable exit %d; berth wait exit %d (ROLLED_BACK)%n",
                awsWait.exitCode(), berth.exitCode());
    }
}

package dev.berth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.Outcome;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.Sleeper;
import dev.berth.engine.stack.StackDeployer;
import dev.berth.engine.stack.StackTemplates;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service the update replaces (its name carries the version) is judged like any other: from the
 * stack's resources after the update, not from an event of the old service.
 */
class ReplacedServiceStoryTest {

    @Test
    void aServiceReplacedByTheUpdateIsTheOneJudged() throws Exception {
        try (SimFixture sim = SimFixture.start(40); CloudFormationClient cfn = sim.clients().cloudFormation()) {
            String template = StackTemplates.bundled("service").replace("""
                      Service:
                        Type: AWS::ECS::Service
                        DependsOn: ListenerRule  # the target group must be attached to the ALB first
                        Properties:
                    """, """
                      Service:
                        Type: AWS::ECS::Service
                        DependsOn: ListenerRule  # the target group must be attached to the ALB first
                        Properties:
                          ServiceName: !Sub '${AWS::StackName}-v${Version}'
                    """);
            assertThat(template).contains("ServiceName: !Sub");
            StackDeployer stacks = new StackDeployer(cfn, Clock.systemUTC(), Sleeper.REAL, DeploymentListener.NONE);
            assertThat(stacks.deploy("replace-ecs", StackTemplates.bundled("cluster"), Map.of(), Duration.ofMinutes(2)).outcome())
                    .isEqualTo(Outcome.SUCCEEDED);
            StackDeployer.Result created = stacks.deploy("replace-web", template, Map.of("ClusterStack", "replace-ecs",
                    "Repository", "repo/web", "Version", "1"), Duration.ofMinutes(2));
            assertThat(created.outcome()).as(created.reason()).isEqualTo(Outcome.SUCCEEDED);

            CliRun run = CliRun.against(sim, "deploy", "--stack", "replace-web", "--version", "2", "--output", "json");
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            JsonNode result = new ObjectMapper().readTree(run.stdout());
            assertThat(result.path("outcome").asText()).isEqualTo("SUCCEEDED");
            assertThat(result.path("reason").asText()).contains("service replace-web-v2 runs replace-web:2");
            assertThat(result.path("services")).singleElement().satisfies(s -> {
                assertThat(s.path("service").asText()).isEqualTo("replace-web-v2");
                assertThat(s.path("outcome").asText()).isEqualTo("SUCCEEDED");
                assertThat(s.path("expectedTaskDefinition").asText()).endsWith("task-definition/replace-web:2");
            });
        }
    }
}

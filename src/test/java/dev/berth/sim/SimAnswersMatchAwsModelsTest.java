package dev.berth.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cli.DockerSaveArchive;
import dev.berth.testing.AwsCli;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import dev.berth.testing.oracle.ExchangeLog;
import dev.berth.testing.oracle.ModelOracle;
import dev.berth.testing.oracle.ServiceModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS's own service models (botocore's, on this machine) as the oracle: every request berth and the
 * AWS CLI send during their stories, and every answer the simulator gives them, must agree with the
 * operation's input and output shapes.
 */
class SimAnswersMatchAwsModelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void berthsStoriesAndAnAwsCliSessionAgreeWithTheModels() throws Exception {
        ModelOracle oracle = new ModelOracle(ServiceModels.fromBotocore());
        ExchangeLog log = new ExchangeLog();
        try (SimFixture sim = SimFixture.start(40)) {
            sim.server().recordExchanges(log);
            berthStories(sim);
            awsCliSession(sim);
        }
        assertThat(log.operations()).contains("cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet",
                "cloudformation:DescribeStackEvents", "cloudformation:DescribeChangeSet", "cloudformation:ListChangeSets",
                "ecs:DescribeServices", "ecs:DescribeTasks", "ecr:DescribeImages", "ecr:GetAuthorizationToken",
                "elasticloadbalancing:DescribeTargetGroups", "sts:GetCallerIdentity");
        Map<String, String> violations = log.violations(oracle);
        assertThat(violations).as("disagreements with AWS's models in %d exchanges:%n%s", log.exchanges().size(),
                violations.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(System.lineSeparator()))).isEmpty();
    }

    private void berthStories(SimFixture sim) throws Exception {
        String repository = sim.server().registry().host() + "/team/web";
        for (String tag : new String[] {"1", "2", "3-crash"}) {
            Path tar = DockerSaveArchive.write(temp.resolve(tag + ".tar"), "web " + tag);
            expect(CliRun.against(sim, "push", "--repository", "team/web", "--tag", tag, "--tar", tar.toString()), 0);
        }
        expect(CliRun.against(sim, "cluster", "deploy", "--stack", "oracle-ecs"), 0);
        expect(CliRun.against(sim, "cluster", "deploy", "--stack", "oracle-web", "--template", "service",
                "-p", "ClusterStack=oracle-ecs", "-p", "Repository=" + repository, "-p", "Version=1", "-p", "DesiredCount=2"), 0);
        expect(CliRun.against(sim, "status", "--stack", "oracle-web"), 0);
        expect(CliRun.against(sim, "plan", "--stack", "oracle-web", "--version", "2"), 0);
        CliRun deploy = expect(CliRun.against(sim, "deploy", "--stack", "oracle-web", "--version", "2", "-o", "json"), 0);
        expect(CliRun.against(sim, "deploy", "--stack", "oracle-web", "--version", "2"), 0);
        expect(CliRun.against(sim, "deploy", "--stack", "oracle-web", "--version", "3-crash"), 4);
        expect(CliRun.against(sim, "history", "--stack", "oracle-web"), 0);
        expect(CliRun.against(sim, "rollback", "--stack", "oracle-web", "--to", "1", "--reason", "oracle"), 0);
        JsonNode service = JSON.readTree(deploy.stdout()).path("services").path(0);
        String cluster = service.path("cluster").asText(service.path("clusterArn").asText());
        String name = service.path("service").asText(service.path("serviceName").asText());
        if (!cluster.isEmpty() && !name.isEmpty()) {
            expect(CliRun.against(sim, "wait", "--cluster", cluster, "--service", name), 0);
            expect(CliRun.against(sim, "status", "--cluster", cluster, "--service", name), 0);
        }
        expect(CliRun.against(sim, "deploy", "--stack", "oracle-web", "--version", "9"), 3);
        expect(CliRun.against(sim, "status", "--stack", "no-such-stack"), 3);
    }

    private static CliRun expect(CliRun run, int exitCode) {
        assertThat(run.exitCode()).as("%s%n%s", run.stdout(), run.stderr()).isEqualTo(exitCode);
        return run;
    }

    private static void awsCliSession(SimFixture sim) throws Exception {
        AwsCli aws = new AwsCli(sim.endpoint());
        String[][] calls = {
                {"sts", "get-caller-identity"},
                {"ecs", "list-clusters"}, {"ecs", "describe-clusters"},
                {"ecs", "list-task-definitions"}, {"ecs", "list-task-definition-families"},
                {"ecs", "describe-clusters", "--clusters", "no-such-cluster"},
                {"ecs", "describe-services", "--cluster", "no-such-cluster", "--services", "web"},
                {"ecr", "describe-images", "--repository-name", "no/such-repository"},
                {"cloudformation", "describe-change-set", "--stack-name", "oracle-web", "--change-set-name", "no-such-change-set"},
                {"cloudformation", "describe-stacks"}, {"cloudformation", "list-stacks"},
                {"cloudformation", "describe-stack-events", "--stack-name", "oracle-web"},
                {"cloudformation", "list-stack-resources", "--stack-name", "oracle-web"},
                {"cloudformation", "describe-stack-resources", "--stack-name", "oracle-web"},
                {"cloudformation", "describe-stack-resource", "--stack-name", "oracle-web", "--logical-resource-id", "Service"},
                {"cloudformation", "get-template", "--stack-name", "oracle-web"},
                {"cloudformation", "get-template-summary", "--stack-name", "oracle-web"},
                {"cloudformation", "list-change-sets", "--stack-name", "oracle-web"},
                {"cloudformation", "list-exports"},
                {"cloudformation", "describe-stacks", "--stack-name", "no-such-stack"},
                {"cloudformation", "validate-template", "--template-body", "{\"Resources\":{\"Q\":{\"Type\":\"AWS::SQS::Queue\"}}}"},
                {"elbv2", "describe-load-balancers"}, {"elbv2", "describe-target-groups"},
                {"ecr", "describe-repositories"}, {"ecr", "get-authorization-token"},
                {"ecr", "describe-images", "--repository-name", "team/web"},
                {"ecr", "list-images", "--repository-name", "team/web"},
                {"ecr", "batch-get-image", "--repository-name", "team/web", "--image-ids", "imageTag=1", "imageTag=404"},
                {"ecr", "create-repository", "--repository-name", "oracle/other"},
                {"ecr", "put-lifecycle-policy", "--repository-name", "oracle/other", "--lifecycle-policy-text",
                        "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":5},\"action\":{\"type\":\"expire\"}}]}"},
                {"ecr", "get-lifecycle-policy", "--repository-name", "oracle/other"},
                {"ecr", "delete-repository", "--repository-name", "oracle/other"},
                {"ecr", "describe-repositories", "--repository-names", "oracle/other"},
        };
        for (String[] call : calls) {
            aws.run(call);
        }
        AwsCli.Result services = aws.run("ecs", "list-clusters");
        for (JsonNode clusterArn : services.json().path("clusterArns")) {
            String cluster = clusterArn.asText();
            JsonNode serviceArns = aws.run("ecs", "list-services", "--cluster", cluster).json().path("serviceArns");
            for (JsonNode serviceArn : serviceArns) {
                aws.run("ecs", "describe-services", "--cluster", cluster, "--services", serviceArn.asText());
                JsonNode tasks = aws.run("ecs", "list-tasks", "--cluster", cluster, "--service-name", serviceArn.asText())
                        .json().path("taskArns");
                if (!tasks.isEmpty()) {
                    aws.run("ecs", "describe-tasks", "--cluster", cluster, "--tasks", tasks.get(0).asText());
                }
                aws.run("ecs", "list-service-deployments", "--cluster", cluster, "--service", serviceArn.asText());
            }
        }
        JsonNode groups = aws.run("elbv2", "describe-target-groups").json().path("TargetGroups");
        for (JsonNode group : groups) {
            String arn = group.path("TargetGroupArn").asText();
            aws.run("elbv2", "describe-target-health", "--target-group-arn", arn);
            aws.run("elbv2", "describe-target-group-attributes", "--target-group-arn", arn);
        }
        for (JsonNode balancer : aws.run("elbv2", "describe-load-balancers").json().path("LoadBalancers")) {
            for (JsonNode listener : aws.run("elbv2", "describe-listeners", "--load-balancer-arn",
                    balancer.path("LoadBalancerArn").asText()).json().path("Listeners")) {
                aws.run("elbv2", "describe-rules", "--listener-arn", listener.path("ListenerArn").asText());
            }
        }
    }
}

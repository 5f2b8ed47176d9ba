package dev.berth.sim.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which cluster an instance's agent joins, from its user data as the instance would run it. */
class AgentConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Stack "ecs" whose LaunchTemplate metadata is {@code metadata} and whose Cluster is ecs-Cluster-ABC. */
    private static AgentConfig.StackMetadata stack(String metadata) {
        return new AgentConfig.StackMetadata() {
            @Override
            public Optional<JsonNode> of(String region, String stackName, String logicalId) {
                try {
                    return "ecs".equals(stackName) && "LaunchTemplate".equals(logicalId)
                            ? Optional.of(JSON.readTree(metadata)) : Optional.empty();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            public Optional<String> physicalId(String region, String stackName, String logicalId) {
                return "ecs".equals(stackName) && "Cluster".equals(logicalId) ? Optional.of("ecs-Cluster-ABC") : Optional.empty();
            }
        };
    }

    @Test
    void userDataThatWritesEcsClusterNamesIt() {
        String userData = base64("#!/bin/bash\necho ECS_CLUSTER=apps >> /etc/ecs/ecs.config\n");
        assertThat(AgentConfig.clusterOf(userData, "us-east-1", AgentConfig.StackMetadata.NONE)).isEqualTo("apps");
    }

    @Test
    void cfnInitReadsTheNamedResourcesMetadataAsWrittenOrEvaluated() {
        String userData = base64("#!/bin/bash -x\n/opt/aws/bin/cfn-init -v --region us-east-1 --stack ecs --resource LaunchTemplate\n");
        String written = "{\"AWS::CloudFormation::Init\":{\"config\":{\"files\":{\"/etc/ecs/ecs.config\":{\"content\":"
                + "{\"Fn::Sub\":\"ECS_CLUSTER=${Cluster}\\nECS_ENABLE_TASK_IAM_ROLE=true\\n\"}}}}}}";
        assertThat(AgentConfig.clusterOf(userData, "us-east-1", stack(written))).isEqualTo("ecs-Cluster-ABC");
        String evaluated = "{\"AWS::CloudFormation::Init\":{\"config\":{\"files\":{\"/etc/ecs/ecs.config\":{\"content\":"
                + "\"ECS_CLUSTER=prod-apps\\n\"}}}}}";
        assertThat(AgentConfig.clusterOf(userData, "us-east-1", stack(evaluated))).isEqualTo("prod-apps");
    }

    @Test
    void withoutEitherTheAgentJoinsTheDefaultCluster() {
        assertThat(AgentConfig.clusterOf(null, "us-east-1", AgentConfig.StackMetadata.NONE)).isEqualTo("default");
        assertThat(AgentConfig.clusterOf(base64("#!/bin/bash\nyum update -y\n"), "us-east-1", stack("{}"))).isEqualTo("default");
        String otherStack = base64("cfn-init --stack other --resource LaunchTemplate");
        assertThat(AgentConfig.clusterOf(otherStack, "us-east-1", stack("{}"))).isEqualTo("default");
        // a name ECS would refuse is not taken: the agent falls back to the default cluster
        assertThat(AgentConfig.clusterOf(base64("ECS_CLUSTER=$(hostname)"), "us-east-1", AgentConfig.StackMetadata.NONE))
                .isEqualTo("default");
    }
}

package dev.berth.engine.deploy;

import dev.berth.engine.RefusedException;
import dev.berth.engine.events.BerthEvent;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateRequest;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateResponse;
import software.amazon.awssdk.services.cloudformation.model.Stack;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pre-flight's image check from a stack's template, with CloudFormation and ECR answering from memory. */
class ImagePreFlightTest {
    private static final String ACCOUNT = "123456789012";
    private static final String REGISTRY = ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com";
    private static final Stack STACK = Stack.builder().stackName("web")
            .stackId("arn:aws:cloudformation:eu-west-1:" + ACCOUNT + ":stack/web/0f1e").build();
    private static final FakeEcr ECR = new FakeEcr(Map.of("team/web", REGISTRY + "/team/web"),
            Map.of("team/web:1", "sha256:11", "team/web:2", "sha256:22"));

    private final List<String> warnings = new ArrayList<>();

    private static CloudFormationClient templateOf(String body) {
        return new CloudFormationClient() {
            @Override
            public GetTemplateResponse getTemplate(GetTemplateRequest request) {
                assertThat(request.stackName()).isEqualTo("web");
                return GetTemplateResponse.builder().templateBody(body).build();
            }

            @Override
            public String serviceName() {
                return "cloudformation";
            }

            @Override
            public void close() {
            }
        };
    }

    private Optional<PreFlightReport.ImageCheck> check(String template, String version) {
        ImagePreFlight preFlight = new ImagePreFlight(templateOf(template), ECR, event -> {
            if (event instanceof BerthEvent.Warning warning) {
                warnings.add(warning.message());
            }
        }, Clock.systemUTC());
        return preFlight.check(STACK, Map.of("Repository", "team/web", "Version", "1"), version,
                new DeployOptions("web", version));
    }

    private static String service(String... containers) {
        StringBuilder template = new StringBuilder("""
                Parameters:
                  Repository: {Type: String}
                  Version: {Type: String}
                Resources:
                  TaskDef:
                    Type: AWS::ECS::TaskDefinition
                    Properties:
                      ContainerDefinitions:
                """);
        for (String container : containers) {
            template.append("        - ").append(container).append('\n');
        }
        return template.toString();
    }

    private static final String APP =
            "{Name: app, Image: !Sub '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/${Repository}:${Version}'}";

    @Test
    void recordsTheDigestOfTheVersionBuiltFromARepositoryName() {
        assertThat(check(service(APP), "2")).contains(
                new PreFlightReport.ImageCheck(REGISTRY + "/team/web", REGISTRY + "/team/web:2", "sha256:22"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void refusesAVersionNeverPushed() {
        assertThatThrownBy(() -> check(service(APP), "3")).isInstanceOf(RefusedException.class)
                .hasMessageContaining("version 3 was never pushed to " + REGISTRY + "/team/web")
                .hasMessageContaining("container app of TaskDef");
    }

    @Test
    void reportsImagesItDoesNotCheck() {
        assertThat(check(service(APP, "{Name: proxy, Image: 'nginx:1.25'}",
                "{Name: agent, Image: !Join [':', [!ImportValue agent-repository, !Ref Version]]}"), "2")).isPresent();
        assertThat(warnings).containsExactly(
                "image nginx:1.25 of container proxy of TaskDef is not in an ECR repository of account " + ACCOUNT
                        + " in eu-west-1: not checked",
                "image of container agent of TaskDef cannot be determined before the update (Fn::ImportValue "
                        + "agent-repository reads another stack's export): not checked");
    }

    @Test
    void saysSoWhenTheTemplateDefinesNoTaskDefinition() {
        String template = """
                Parameters:
                  Version: {Type: String}
                  TaskDefinitionArn: {Type: String}
                Resources:
                  Service:
                    Type: AWS::ECS::Service
                    Properties:
                      TaskDefinition: !Ref TaskDefinitionArn
                """;
        assertThat(check(template, "2")).isEmpty();
        assertThat(warnings).singleElement().asString().contains("images of stack web not checked")
                .contains("no AWS::ECS::TaskDefinition");
    }

    @Test
    void saysSoWhenTheTemplateCannotBeRead() {
        assertThat(check("Resources: [not, a, map]", "2")).isEmpty();
        assertThat(warnings).singleElement().asString().startsWith("images of stack web not checked: its template cannot be read");
    }
}

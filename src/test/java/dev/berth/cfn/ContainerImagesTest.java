package dev.berth.cfn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Templates written the ways teams write them: the image each container will run after the update. */
class ContainerImagesTest {
    private static final String ACCOUNT = "123456789012";
    private static final String ECR = ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com";

    /** A task definition whose one container's Image is the given YAML, under the given Parameters. */
    private static String service(String parameters, String image) {
        return "Parameters:\n" + parameters
                + "Resources:\n"
                + "  TaskDef:\n"
                + "    Type: AWS::ECS::TaskDefinition\n"
                + "    Properties:\n"
                + "      Family: web\n"
                + "      ContainerDefinitions:\n"
                + "        - Name: web\n"
                + "          Image: " + image + "\n"
                + "          Memory: 512\n";
    }

    private static final String REPOSITORY_AND_TAG = "  Repository:\n    Type: String\n  ImageTag:\n    Type: String\n";

    static Stream<Arguments> shapes() {
        return Stream.of(
                arguments("repository name, registry built by Fn::Sub from pseudo parameters",
                        service(REPOSITORY_AND_TAG,
                                "!Sub '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/${Repository}:${ImageTag}'"),
                        Map.of("Repository", "team/web", "ImageTag", "1"), Map.of("ImageTag", "2"),
                        List.of("TaskDef/web=" + ECR + "/team/web:2")),
                arguments("repository URI as a parameter",
                        service(REPOSITORY_AND_TAG, "!Sub '${Repository}:${ImageTag}'"),
                        Map.of("Repository", ECR + "/web", "ImageTag", "1"), Map.of("ImageTag", "2"),
                        List.of("TaskDef/web=" + ECR + "/web:2")),
                arguments("the whole image as one parameter",
                        service("  Image:\n    Type: String\n", "!Ref Image"),
                        Map.of("Image", ECR + "/web:1"), Map.of("Image", ECR + "/web:2"),
                        List.of("TaskDef/web=" + ECR + "/web:2")),
                arguments("Fn::Join in long form, JSON style",
                        service(REPOSITORY_AND_TAG, "{\"Fn::Join\": [\"\", [{\"Ref\": \"AWS::AccountId\"}, \".dkr.ecr.\", "
                                + "{\"Ref\": \"AWS::Region\"}, \".amazonaws.com/\", {\"Ref\": \"Repository\"}, \":\", {\"Ref\": \"ImageTag\"}]]}"),
                        Map.of("Repository", "team/web", "ImageTag", "1"), Map.of("ImageTag", "3"),
                        List.of("TaskDef/web=" + ECR + "/team/web:3")),
                arguments("Fn::Sub with a variable map and Fn::FindInMap by region",
                        "Mappings:\n  Registries:\n    eu-west-1:\n      Host: 999999999999.dkr.ecr.eu-west-1.amazonaws.com\n"
                                + service(REPOSITORY_AND_TAG, "!Sub ['${Host}/${Repository}:${ImageTag}', "
                                + "{Host: !FindInMap [Registries, !Ref 'AWS::Region', Host]}]"),
                        Map.of("Repository", "shared/web", "ImageTag", "1"), Map.of("ImageTag", "2"),
                        List.of("TaskDef/web=999999999999.dkr.ecr.eu-west-1.amazonaws.com/shared/web:2")),
                arguments("Fn::If on a condition of another parameter",
                        "Conditions:\n  UseMirror: !Equals [!Ref Source, mirror]\n"
                                + service(REPOSITORY_AND_TAG + "  Source:\n    Type: String\n    Default: ecr\n",
                                "!If [UseMirror, !Sub 'mirror.example.com/${Repository}:${ImageTag}', "
                                        + "!Sub '${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/${Repository}:${ImageTag}']"),
                        Map.of("Repository", "web", "ImageTag", "1", "Source", "mirror"), Map.of("ImageTag", "2"),
                        List.of("TaskDef/web=mirror.example.com/web:2")),
                arguments("a digest instead of a tag",
                        service("  Repository:\n    Type: String\n  Digest:\n    Type: String\n", "!Sub '${Repository}@${Digest}'"),
                        Map.of("Repository", ECR + "/web", "Digest", "sha256:aa"), Map.of("Digest", "sha256:bb"),
                        List.of("TaskDef/web=" + ECR + "/web@sha256:bb")),
                arguments("a literal image from Docker Hub",
                        service(REPOSITORY_AND_TAG, "nginx:1.25"),
                        Map.of("Repository", "web", "ImageTag", "1"), Map.of("ImageTag", "2"),
                        List.of("TaskDef/web=nginx:1.25")),
                arguments("China partition: URLSuffix is amazonaws.com.cn",
                        service(REPOSITORY_AND_TAG, "!Sub '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/${Repository}:${ImageTag}'"),
                        Map.of("Repository", "web", "ImageTag", "1"), Map.of("ImageTag", "2"),
                        List.of("TaskDef/web=" + ACCOUNT + ".dkr.ecr.cn-north-1.amazonaws.com.cn/web:2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void determinesTheImage(String shape, String template, Map<String, String> current, Map<String, String> update,
                            List<String> expected) {
        String region = shape.startsWith("China") ? "cn-north-1" : "eu-west-1";
        assertThat(images(template, current, update, region)).as(shape).isEqualTo(expected);
    }

    static Stream<Arguments> unknowable() {
        return Stream.of(
                arguments("an import from another stack",
                        service(REPOSITORY_AND_TAG, "!Sub ['${Registry}/${Repository}:${ImageTag}', {Registry: !ImportValue shared-registry}]"),
                        "Fn::ImportValue shared-registry"),
                arguments("a repository read from SSM Parameter Store",
                        service("  Repository:\n    Type: AWS::SSM::Parameter::Value<String>\n  ImageTag:\n    Type: String\n",
                                "!Sub '${Repository}:${ImageTag}'"),
                        "parameter Repository is read from SSM Parameter Store"),
                arguments("a dynamic reference",
                        service(REPOSITORY_AND_TAG, "!Sub '{{resolve:ssm:/web/registry}}/${Repository}:${ImageTag}'"),
                        "dynamic reference"),
                arguments("a NoEcho parameter, shown masked",
                        service("  Repository:\n    Type: String\n    NoEcho: true\n  ImageTag:\n    Type: String\n",
                                "!Sub '${Repository}:${ImageTag}'"),
                        "parameter Repository is NoEcho"),
                arguments("an attribute of another resource",
                        service(REPOSITORY_AND_TAG, "!Sub '${Registry.Host}/${Repository}:${ImageTag}'")
                                + "  Registry:\n    Type: Custom::Registry\n    Properties:\n      ServiceToken: arn:aws:lambda:eu-west-1:"
                                + ACCOUNT + ":function:registry\n",
                        "Fn::GetAtt Registry.Host is known only to CloudFormation"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknowable")
    void saysWhyAnImageCannotBeKnown(String shape, String template, String reason) {
        Map<String, String> current = Map.of("Repository", "/web/repository", "ImageTag", "1");
        List<ContainerImages.ContainerImage> images = ContainerImages.of(TemplateParser.parse(template),
                facts(current, Map.of("ImageTag", "2"), "eu-west-1", Map.of()));
        assertThat(images).hasSize(1);
        assertThat(images.get(0).image()).as(shape).isEmpty();
        assertThat(images.get(0).unknownBecause()).as(shape).get().asString().contains(reason);
    }

    @Test
    void everyContainerOfEveryKeptTaskDefinition() {
        String template = """
                Parameters:
                  Version: {Type: String}
                  WithWorker: {Type: String, AllowedValues: ['yes', 'no']}
                Conditions:
                  Worker: !Equals [!Ref WithWorker, 'yes']
                Resources:
                  Web:
                    Type: AWS::ECS::TaskDefinition
                    Properties:
                      ContainerDefinitions:
                        - Name: app
                          Image: !Sub '${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/web:${Version}'
                        - Name: proxy
                          Image: public.ecr.aws/nginx/nginx:1.25
                        - !If
                          - Worker
                          - {Name: sidecar, Image: !Sub 'datadog/agent:${Version}'}
                          - !Ref AWS::NoValue
                  Worker:
                    Type: AWS::ECS::TaskDefinition
                    Condition: Worker
                    Properties:
                      ContainerDefinitions:
                        - {Name: worker, Image: !Sub 'worker:${Version}'}
                """;
        assertThat(images(template, Map.of("Version", "1", "WithWorker", "no"), Map.of("Version", "7"), "eu-west-1"))
                .containsExactly("Web/app=" + ECR + "/web:7", "Web/proxy=public.ecr.aws/nginx/nginx:1.25");
        assertThat(images(template, Map.of("Version", "1", "WithWorker", "yes"), Map.of("Version", "7"), "eu-west-1"))
                .containsExactly("Web/app=" + ECR + "/web:7", "Web/proxy=public.ecr.aws/nginx/nginx:1.25",
                        "Web/sidecar=datadog/agent:7", "Worker/worker=worker:7");
    }

    @Test
    void aJsonTemplateWithTheImageSplitFromAListParameter() {
        String template = """
                {
                  "AWSTemplateFormatVersion": "2010-09-09",
                  "Parameters": {
                    "ImageParts": {"Type": "CommaDelimitedList", "Description": "registry,repository"},
                    "Tag": {"Type": "String"}
                  },
                  "Resources": {
                    "Task": {
                      "Type": "AWS::ECS::TaskDefinition",
                      "Properties": {
                        "ContainerDefinitions": [{
                          "Name": "api",
                          "Image": {"Fn::Join": ["", [
                            {"Fn::Select": ["0", {"Ref": "ImageParts"}]}, "/",
                            {"Fn::Select": ["1", {"Ref": "ImageParts"}]}, ":", {"Ref": "Tag"}]]}
                        }]
                      }
                    }
                  }
                }
                """;
        assertThat(images(template, Map.of("ImageParts", ECR + ",api", "Tag", "1"), Map.of("Tag", "9"), "eu-west-1"))
                .containsExactly("Task/api=" + ECR + "/api:9");
    }

    @Test
    void conditionsOnTheRegionAndOnTheVersionItself() {
        String template = """
                Parameters:
                  Version: {Type: String}
                Mappings:
                  Accounts:
                    eu-west-1: {Registry: '111111111111'}
                    us-east-1: {Registry: '222222222222'}
                Conditions:
                  InEurope: !Equals [!Ref 'AWS::Region', eu-west-1]
                  Canary: !Equals [!Select [0, !Split ['-', !Ref Version]], canary]
                Resources:
                  TaskDef:
                    Type: AWS::ECS::TaskDefinition
                    Properties:
                      ContainerDefinitions: !If
                        - Canary
                        - - {Name: web, Image: !Sub 'canary.example.com/web:${Version}'}
                        - - Name: web
                            Image: !Sub
                              - '${Account}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/web:${Version}'
                              - Account: !If [InEurope, !FindInMap [Accounts, eu-west-1, Registry], !FindInMap [Accounts, !Ref 'AWS::Region', Registry]]
                """;
        assertThat(images(template, Map.of("Version", "1"), Map.of("Version", "2"), "eu-west-1"))
                .containsExactly("TaskDef/web=111111111111.dkr.ecr.eu-west-1.amazonaws.com/web:2");
        assertThat(images(template, Map.of("Version", "1"), Map.of("Version", "2"), "us-east-1"))
                .containsExactly("TaskDef/web=222222222222.dkr.ecr.us-east-1.amazonaws.com/web:2");
        assertThat(images(template, Map.of("Version", "1"), Map.of("Version", "canary-3"), "eu-west-1"))
                .containsExactly("TaskDef/web=canary.example.com/web:canary-3");
    }

    @Test
    void oneUnknownContainerLeavesTheOthersKnown() {
        String template = """
                Parameters:
                  Version: {Type: String}
                Resources:
                  TaskDef:
                    Type: AWS::ECS::TaskDefinition
                    Properties:
                      ContainerDefinitions:
                        - Name: app
                          Image: !Sub '${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app:${Version}'
                          Secrets:
                            - {Name: TOKEN, ValueFrom: !ImportValue shared-token}
                        - Name: agent
                          Image: !Join [':', [!ImportValue agent-repository, !Ref Version]]
                """;
        assertThat(images(template, Map.of("Version", "1"), Map.of("Version", "2"), "eu-west-1"))
                .containsExactly("TaskDef/app=" + ECR + "/app:2",
                        "TaskDef/agent?Fn::ImportValue agent-repository reads another stack's export");
    }

    @Test
    void aRepositoryTheStackOwnsIsAddressedByItsName() {
        String template = """
                Parameters:
                  Version: {Type: String}
                Resources:
                  Repo:
                    Type: AWS::ECR::Repository
                  TaskDef:
                    Type: AWS::ECS::TaskDefinition
                    Properties:
                      ContainerDefinitions:
                        - Name: web
                          Image: !Sub '${Repo.RepositoryUri}:${Version}'
                        - Name: same
                          Image: !Join [':', [!GetAtt Repo.RepositoryUri, !Ref Version]]
                """;
        List<ContainerImages.ContainerImage> images = ContainerImages.of(TemplateParser.parse(template),
                facts(Map.of("Version", "1"), Map.of("Version", "4"), "eu-west-1", Map.of("Repo", "web-repo")));
        assertThat(images).extracting(i -> i.image().orElseThrow())
                .containsExactly(ECR + "/web-repo:4", ECR + "/web-repo:4");
    }

    @Test
    void otherParametersKeepTheirCurrentValues() {
        String template = service(REPOSITORY_AND_TAG, "!Sub '${Repository}:${ImageTag}'");
        assertThat(images(template, Map.of("Repository", "r.example/web", "ImageTag", "1"), Map.of(), "eu-west-1"))
                .containsExactly("TaskDef/web=r.example/web:1");
    }

    private static List<String> images(String template, Map<String, String> current, Map<String, String> update,
                                       String region) {
        return ContainerImages.of(TemplateParser.parse(template), facts(current, update, region, Map.of())).stream()
                .map(i -> i.taskDefinition() + "/" + i.container() + i.image().map(image -> "=" + image)
                        .orElseGet(() -> "?" + i.unknownBecause().orElseThrow()))
                .toList();
    }

    private static StackFacts facts(Map<String, String> current, Map<String, String> update, String region,
                                    Map<String, String> physicalIds) {
        return new StackFacts(current, update, ACCOUNT, region, "web",
                "arn:aws:cloudformation:" + region + ":" + ACCOUNT + ":stack/web/1", physicalIds);
    }
}

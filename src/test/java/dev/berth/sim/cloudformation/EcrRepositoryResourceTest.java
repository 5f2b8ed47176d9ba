package dev.berth.sim.cloudformation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cli.DockerSaveArchive;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import dev.berth.testing.StackWaits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AWS::ECR::Repository makes a real repository in the simulator's ECR: pushed to, refused on delete while it holds images. */
class EcrRepositoryResourceTest {
    private static final String TEMPLATE = """
            Resources:
              Named:
                Type: AWS::ECR::Repository
                Properties:
                  RepositoryName: !Sub '${AWS::StackName}/web'
                  ImageTagMutability: IMMUTABLE
              Generated:
                Type: AWS::ECR::Repository
                %s
            Outputs:
              Arn: {Value: !GetAtt Named.Arn}
              Uri: {Value: !GetAtt Named.RepositoryUri}
              GeneratedName: {Value: !Ref Generated}
            """;

    private static SimFixture sim;
    private static CloudFormationClient cfn;
    private static EcrClient ecr;

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() {
        sim = SimFixture.start(50);
        cfn = sim.clients().cloudFormation();
        ecr = sim.clients().ecr();
    }

    @AfterAll
    static void stop() {
        cfn.close();
        ecr.close();
        sim.close();
    }

    @Test
    void theRepositoriesExistInEcrWithTheirAttributesAndBerthPushesToThem() throws Exception {
        Map<String, String> outputs = create("images", TEMPLATE.formatted(""));
        Repository named = ecr.describeRepositories(r -> r.repositoryNames("images/web")).repositories().get(0);
        assertThat(named.imageTagMutabilityAsString()).isEqualTo("IMMUTABLE");
        assertThat(outputs).containsEntry("Arn", named.repositoryArn()).containsEntry("Uri", named.repositoryUri());
        assertThat(named.repositoryArn()).isEqualTo("arn:aws:ecr:us-east-1:" + sim.server().config().accountId() + ":repository/images/web");
        assertThat(outputs.get("GeneratedName")).matches("images-generated-[a-z0-9]{12}");
        assertThat(ecr.describeRepositories(r -> r.repositoryNames(outputs.get("GeneratedName"))).repositories()).hasSize(1);

        Path tar = DockerSaveArchive.write(temp.resolve("web.tar"), "web 1.0.0");
        CliRun push = CliRun.against(sim, "push", "--repository", "images/web", "--tag", "1.0.0", "--tar", tar.toString(), "-o", "json");
        assertThat(push.exitCode()).as(push.stderr()).isZero();
        assertThat(new ObjectMapper().readTree(push.stdout()).path("digest").asText()).startsWith("sha256:");
        assertThat(ecr.listImages(r -> r.repositoryName("images/web")).imageIds()).hasSize(1);

        // ECR refuses to delete a repository that holds images, so the stack's delete fails on it
        cfn.deleteStack(r -> r.stackName("images"));
        Stack failed = waitFor("images");
        assertThat(failed.stackStatusAsString()).isEqualTo("DELETE_FAILED");
        assertThat(failed.stackStatusReason()).isEqualTo("The following resource(s) failed to delete: [Named]. ");
        String reason = cfn.describeStackResource(r -> r.stackName("images").logicalResourceId("Named")).stackResourceDetail()
                .resourceStatusReason();
        assertThat(reason).startsWith("Resource handler returned message: \"The repository with name 'images/web' in registry with id '"
                + sim.server().config().accountId() + "' cannot be deleted because it still contains images (Service: Ecr, Status Code: 400");
        assertThat(ecr.describeRepositories(r -> r.repositoryNames("images/web")).repositories()).hasSize(1);
        assertThatThrownBy(() -> ecr.describeRepositories(r -> r.repositoryNames(outputs.get("GeneratedName"))))
                .isInstanceOf(RepositoryNotFoundException.class);
    }

    @Test
    void emptyOnDeleteDeletesTheImagesWithTheRepositoryAndRetainKeepsIt() throws Exception {
        String template = TEMPLATE.formatted("DeletionPolicy: Retain").replace("ImageTagMutability: IMMUTABLE", "EmptyOnDelete: true");
        Map<String, String> outputs = create("emptied", template);
        Path tar = DockerSaveArchive.write(temp.resolve("emptied.tar"), "emptied 2");
        assertThat(CliRun.against(sim, "push", "--repository", "emptied/web", "--tag", "2", "--tar", tar.toString()).exitCode()).isZero();
        String stackId = cfn.describeStacks(r -> r.stackName("emptied")).stacks().get(0).stackId();
        cfn.deleteStack(r -> r.stackName("emptied"));
        assertThat(waitFor(stackId).stackStatusAsString()).isEqualTo("DELETE_COMPLETE");
        assertThatThrownBy(() -> ecr.describeRepositories(r -> r.repositoryNames("emptied/web")))
                .isInstanceOf(RepositoryNotFoundException.class);
        assertThat(ecr.describeRepositories(r -> r.repositoryNames(outputs.get("GeneratedName"))).repositories())
                .as("retained").hasSize(1);
    }

    @Test
    void aRepositoryThatAlreadyExistsFailsTheResourceWithEcrsWords() {
        ecr.createRepository(r -> r.repositoryName("taken/web"));
        cfn.createStack(r -> r.stackName("taken").templateBody(TEMPLATE.formatted("")));
        assertThat(waitFor("taken").stackStatusAsString()).isEqualTo("ROLLBACK_COMPLETE");
        List<String> reasons = cfn.describeStackEvents(r -> r.stackName("taken")).stackEvents().stream()
                .filter(e -> "CREATE_FAILED".equals(e.resourceStatusAsString())).map(e -> e.resourceStatusReason()).toList();
        assertThat(reasons).anySatisfy(reason -> assertThat(reason).contains("The repository with name 'taken/web' already exists"));
        assertThat(ecr.describeRepositories(r -> r.repositoryNames("taken/web")).repositories()).as("left alone").hasSize(1);
    }

    private static Map<String, String> create(String name, String template) {
        cfn.createStack(r -> r.stackName(name).templateBody(template));
        Stack stack = waitFor(name);
        assertThat(stack.stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        return stack.outputs().stream().collect(Collectors.toMap(Output::outputKey, Output::outputValue));
    }

    private static Stack waitFor(String name) {
        return StackWaits.settled(cfn, name);
    }
}

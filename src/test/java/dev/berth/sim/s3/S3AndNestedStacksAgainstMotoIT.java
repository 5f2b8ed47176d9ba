package dev.berth.sim.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.testing.AwsCli;
import dev.berth.testing.MotoServer;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's S3 and nested stacks beside moto's, driven by the same AWS CLI commands: the same
 * listing shapes, object headers and error codes, and a child stack made from a TemplateURL the same way.
 * moto does not resolve Fn::GetAtt of a nested stack's outputs nor set ParentId, so those are left to
 * the simulator's own tests.
 */
class S3AndNestedStacksAgainstMotoIT {
    private static final String CHILD = """
            Parameters:
              Name:
                Type: String
            Resources:
              Topic:
                Type: AWS::SNS::Topic
            Outputs:
              Greeting:
                Value: !Sub 'hello ${Name}'
            """;
    private static final String PARENT = """
            Resources:
              Child:
                Type: AWS::CloudFormation::Stack
                Properties:
                  TemplateURL: https://s3.amazonaws.com/cross-check/child.yaml
                  Parameters:
                    Name: world
            """;

    private static MotoServer moto;
    private static SimFixture sim;
    private static AwsCli motoCli;
    private static AwsCli simCli;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
        sim = SimFixture.start(40);
        motoCli = new AwsCli(moto.endpoint().toString());
        simCli = new AwsCli(sim.endpoint());
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    /** The same command against both: their answers, moto's first. */
    private static List<AwsCli.Result> both(String... args) throws Exception {
        return List.of(motoCli.run(args), simCli.run(args));
    }

    private static String errorCode(AwsCli.Result result) {
        assertThat(result.exitCode()).as(result.stdout()).isNotZero();
        int open = result.stderr().indexOf("An error occurred (");
        return open < 0 ? result.stderr() : result.stderr().substring(open + 19, result.stderr().indexOf(')', open));
    }

    @Test
    void bucketsObjectsListingsAndErrorsAgreeWithMoto(@TempDir Path dir) throws Exception {
        Path body = Files.writeString(dir.resolve("child.yaml"), CHILD);
        for (AwsCli.Result created : both("s3api", "create-bucket", "--bucket", "cross-check")) {
            assertThat(created.exitCode()).as(created.stderr()).isZero();
            assertThat(created.json().path("Location").asText()).isEqualTo("/cross-check");
        }
        for (String key : List.of("a/1", "a/2", "b", "c/1", "d", "child.yaml")) {
            both("s3api", "put-object", "--bucket", "cross-check", "--key", key, "--body", body.toString())
                    .forEach(r -> assertThat(r.exitCode()).as(r.stderr()).isZero());
        }
        List<AwsCli.Result> listed = both("s3api", "list-objects-v2", "--bucket", "cross-check", "--delimiter", "/",
                "--max-keys", "2", "--no-paginate");
        assertThat(comparable(listed.get(1).json())).isEqualTo(comparable(listed.get(0).json()));
        List<AwsCli.Result> prefixed = both("s3api", "list-objects-v2", "--bucket", "cross-check", "--prefix", "a/");
        assertThat(comparable(prefixed.get(1).json())).isEqualTo(comparable(prefixed.get(0).json()));

        List<AwsCli.Result> head = both("s3api", "head-object", "--bucket", "cross-check", "--key", "b");
        assertThat(fields(head.get(1).json())).isEqualTo(fields(head.get(0).json()));
        assertThat(head.get(1).json().path("ETag")).isEqualTo(head.get(0).json().path("ETag"));
        assertThat(head.get(1).json().path("ContentLength")).isEqualTo(head.get(0).json().path("ContentLength"));

        String[][] failing = {
                {"s3api", "get-object", "--bucket", "cross-check", "--key", "missing", dir.resolve("out").toString()},
                {"s3api", "get-object", "--bucket", "no-such-bucket-x", "--key", "k", dir.resolve("out").toString()},
                {"s3api", "head-object", "--bucket", "cross-check", "--key", "missing"},
                {"s3api", "delete-bucket", "--bucket", "cross-check"},
                {"s3api", "create-bucket", "--bucket", "cross-check-eu", "--region", "eu-west-1"},
                {"s3api", "list-objects-v2", "--bucket", "no-such-bucket-x"},
        };
        for (String[] args : failing) {
            List<AwsCli.Result> answers = both(args);
            assertThat(errorCode(answers.get(1))).as(String.join(" ", args)).isEqualTo(errorCode(answers.get(0)));
        }
    }

    @Test
    void aNestedStackIsMadeFromItsTemplateUrlAsMotoMakesIt(@TempDir Path dir) throws Exception {
        Path child = Files.writeString(dir.resolve("child.yaml"), CHILD);
        Path parent = Files.writeString(dir.resolve("parent.yaml"), PARENT);
        both("s3api", "create-bucket", "--bucket", "cross-check");
        both("s3api", "put-object", "--bucket", "cross-check", "--key", "child.yaml", "--body", child.toString())
                .forEach(r -> assertThat(r.exitCode()).as(r.stderr()).isZero());
        both("cloudformation", "create-stack", "--stack-name", "family", "--template-body", "file://" + parent)
                .forEach(r -> assertThat(r.exitCode()).as(r.stderr()).isZero());
        List<JsonNode> children = new ArrayList<>();
        for (AwsCli cli : List.of(motoCli, simCli)) {
            AwsCli.Result waited = cli.run("cloudformation", "wait", "stack-create-complete", "--stack-name", "family");
            assertThat(waited.exitCode()).as(waited.stderr()).isZero();
            String id = cli.run("cloudformation", "describe-stack-resource", "--stack-name", "family",
                    "--logical-resource-id", "Child").json().at("/StackResourceDetail/PhysicalResourceId").asText();
            children.add(cli.run("cloudformation", "describe-stacks", "--stack-name", id).json().at("/Stacks/0"));
        }
        for (JsonNode stack : children) {
            assertThat(stack.path("StackName").asText()).matches("family-Child-[A-Z0-9]{12,13}");
            assertThat(stack.path("StackStatus").asText()).isEqualTo("CREATE_COMPLETE");
        }
        assertThat(children.get(1).path("Outputs")).isEqualTo(children.get(0).path("Outputs"));
        assertThat(children.get(1).path("Parameters")).isEqualTo(children.get(0).path("Parameters"));
    }

    /** A listing without what differs by nature: times, owners, continuation tokens. */
    private static JsonNode comparable(JsonNode listing) {
        ObjectNode copy = listing.deepCopy();
        copy.remove("NextContinuationToken");
        copy.remove("RequestCharged");
        for (JsonNode object : copy.path("Contents")) {
            ((ObjectNode) object).remove(List.of("LastModified", "Owner"));
        }
        return copy;
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(String::compareTo);
        return names;
    }
}

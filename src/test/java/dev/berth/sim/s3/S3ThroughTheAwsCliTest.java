package dev.berth.sim.s3;

import dev.berth.testing.AwsCli;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real AWS CLI v2 as the client of the simulator's S3: {@code aws s3} and {@code aws s3api}
 * path-style on the simulator's port, with S3's answers and error codes. Every answer is checked
 * against botocore's S3 model when the simulator closes. Each test has buckets of its own, so they
 * run side by side.
 */
@Execution(ExecutionMode.CONCURRENT)
class S3ThroughTheAwsCliTest {
    private static SimFixture sim;
    private static AwsCli aws;

    @BeforeAll
    static void start() throws Exception {
        sim = SimFixture.start(10);
        aws = new AwsCli(sim.endpoint());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static AwsCli.Result ok(String... args) throws Exception {
        AwsCli.Result result = aws.run(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.stderr()).isZero();
        return result;
    }

    private static String failure(String... args) throws Exception {
        AwsCli.Result result = aws.run(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + " must fail: " + result.stdout()).isNotZero();
        return result.stderr();
    }

    @Test
    void copiesListsReadsAndRemovesObjects(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("template.yaml");
        byte[] content = "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n".getBytes(StandardCharsets.UTF_8);
        Files.write(file, content);
        ok("s3", "mb", "s3://artefacts-one");
        ok("s3", "cp", file.toString(), "s3://artefacts-one/stacks/vpc.yaml");
        ok("s3", "cp", file.toString(), "s3://artefacts-one/top level+name.yaml");

        assertThat(ok("s3", "ls").stdout()).contains("artefacts-one");
        String top = ok("s3", "ls", "s3://artefacts-one/").stdout();
        assertThat(top).contains("PRE stacks/").contains("top level+name.yaml").doesNotContain("vpc.yaml");
        assertThat(ok("s3", "ls", "s3://artefacts-one/", "--recursive").stdout())
                .contains("stacks/vpc.yaml").contains("top level+name.yaml");

        Path back = dir.resolve("back.yaml");
        ok("s3", "cp", "s3://artefacts-one/stacks/vpc.yaml", back.toString());
        assertThat(Files.readAllBytes(back)).isEqualTo(content);
        var head = ok("s3api", "head-object", "--bucket", "artefacts-one", "--key", "stacks/vpc.yaml").json();
        assertThat(head.path("ETag").asText())
                .isEqualTo("\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)) + "\"");
        assertThat(head.path("ContentLength").asInt()).isEqualTo(content.length);

        var v1 = ok("s3api", "list-objects", "--bucket", "artefacts-one", "--prefix", "stacks/").json();
        assertThat(v1.path("Contents").get(0).path("Key").asText()).isEqualTo("stacks/vpc.yaml");
        assertThat(v1.path("Contents").size()).isEqualTo(1);

        assertThat(failure("s3", "rb", "s3://artefacts-one")).contains("BucketNotEmpty");
        ok("s3", "rm", "s3://artefacts-one", "--recursive");
        ok("s3", "rb", "s3://artefacts-one");
        assertThat(ok("s3", "ls").stdout()).doesNotContain("artefacts-one");
    }

    @Test
    void pagesThroughAListingAndRollsUpCommonPrefixes() throws Exception {
        ok("s3", "mb", "s3://paged-listing");
        for (String key : new String[]{"a/1", "a/2", "b", "c/1", "d"}) {
            ok("s3api", "put-object", "--bucket", "paged-listing", "--key", key);
        }
        var first = ok("s3api", "list-objects-v2", "--bucket", "paged-listing", "--delimiter", "/", "--max-keys", "2",
                "--no-paginate").json();
        assertThat(first.path("CommonPrefixes").get(0).path("Prefix").asText()).isEqualTo("a/");
        assertThat(first.path("Contents").get(0).path("Key").asText()).isEqualTo("b");
        assertThat(first.path("IsTruncated").asBoolean()).isTrue();
        var second = ok("s3api", "list-objects-v2", "--bucket", "paged-listing", "--delimiter", "/", "--max-keys", "2",
                "--no-paginate", "--continuation-token", first.path("NextContinuationToken").asText()).json();
        assertThat(second.path("CommonPrefixes").get(0).path("Prefix").asText()).isEqualTo("c/");
        assertThat(second.path("Contents").get(0).path("Key").asText()).isEqualTo("d");
        assertThat(second.path("IsTruncated").asBoolean()).isFalse();
        assertThat(failure("s3api", "list-objects-v2", "--bucket", "paged-listing", "--no-paginate",
                "--continuation-token", "not-a-token")).contains("InvalidArgument");
    }

    @Test
    void answersS3sErrorCodes(@TempDir Path dir) throws Exception {
        assertThat(failure("s3api", "get-object", "--bucket", "no-such-bucket-here", "--key", "k",
                dir.resolve("out").toString())).contains("NoSuchBucket");
        ok("s3", "mb", "s3://errors-bucket");
        assertThat(failure("s3api", "get-object", "--bucket", "errors-bucket", "--key", "missing",
                dir.resolve("out").toString())).contains("NoSuchKey");
        assertThat(failure("s3api", "head-object", "--bucket", "errors-bucket", "--key", "missing")).contains("404");
        assertThat(failure("s3", "mb", "s3://Upper_Case")).contains("InvalidBucketName");
        assertThat(failure("s3api", "create-bucket", "--bucket", "errors-bucket-eu", "--region", "eu-west-1"))
                .contains("IllegalLocationConstraintException");
        ok("s3api", "create-bucket", "--bucket", "errors-bucket-eu", "--region", "eu-west-1",
                "--create-bucket-configuration", "LocationConstraint=eu-west-1");
        assertThat(failure("s3api", "create-bucket", "--bucket", "errors-bucket-eu", "--region", "eu-west-1",
                "--create-bucket-configuration", "LocationConstraint=eu-west-1")).contains("BucketAlreadyOwnedByYou");
        assertThat(ok("s3api", "get-bucket-location", "--bucket", "errors-bucket-eu").json()
                .path("LocationConstraint").asText()).isEqualTo("eu-west-1");
        Path file = dir.resolve("f");
        Files.writeString(file, "body");
        assertThat(failure("s3api", "put-object", "--bucket", "errors-bucket", "--key", "k", "--body", file.toString(),
                "--content-md5", "AAAAAAAAAAAAAAAAAAAAAA==")).contains("BadDigest");
        assertThat(failure("s3api", "get-bucket-acl", "--bucket", "errors-bucket")).contains("NotImplemented");
    }

    @Test
    void anObjectPastTheBodyLimitIsRefusedClearly(@TempDir Path dir) throws Exception {
        ok("s3", "mb", "s3://big-objects");
        Path big = dir.resolve("big.bin");
        Files.write(big, new byte[9 * 1024 * 1024]);
        // past the CLI's multipart threshold it asks for a multipart upload, which the simulator does not serve
        assertThat(failure("s3", "cp", big.toString(), "s3://big-objects/big.bin")).contains("NotImplemented");
        // a single PUT past the port's body limit is refused before the object store sees it
        assertThat(failure("s3api", "put-object", "--bucket", "big-objects", "--key", "big.bin", "--body", big.toString()))
                .contains("RequestEntityTooLarge");
        assertThat(sim.server().s3().bucket("big-objects").orElseThrow().objects()).isEmpty();
    }
}

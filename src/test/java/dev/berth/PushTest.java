package dev.berth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.BerthProcess;
import dev.berth.testing.CliRun;
import dev.berth.testing.DockerDaemon;
import dev.berth.cli.DockerSaveArchive;
import dev.berth.testing.LocalRegistry;
import dev.berth.testing.ProcessWatch;
import dev.berth.testing.RegistryHttp;
import dev.berth.testing.RequiredTool;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code berth push} as users run it: into ECR in the simulator, checked with skopeo and docker,
 * into a registry berth has no hand in, and with its password kept out of sight.
 */
@Execution(ExecutionMode.CONCURRENT)
class PushTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SimFixture sim;
    private static EcrClient ecr;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        sim = SimFixture.start(50);
        ecr = sim.clients().ecr();
    }

    @AfterAll
    static void stop() {
        ecr.close();
        sim.close();
    }

    private static CliRun push(String... args) {
        return CliRun.against(sim, prepend("push", args));
    }

    private static String[] prepend(String first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    private static JsonNode json(CliRun run) throws IOException {
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return JSON.readTree(run.stdout());
    }

    private static String password() {
        String token = ecr.getAuthorizationToken(r -> { }).authorizationData().get(0).authorizationToken();
        return new String(java.util.Base64.getDecoder().decode(token), StandardCharsets.UTF_8).substring("AWS:".length());
    }

    private static String run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    // ---- into ECR, seen by other clients ----

    @Test
    void anArchivePushedToEcrHasTheSameDigestForSkopeo() throws Exception {
        Path skopeo = RequiredTool.tool("/usr/bin/skopeo", "skopeo");
        JsonNode pushed = json(push("--repository", "team/skopeo", "--tag", "1.0.0", "--tag", "abc1234",
                "--tar", DockerSaveArchive.write(temp.resolve("image.tar"), "for skopeo").toString(), "-o", "json"));
        String digest = pushed.path("digest").asText();
        assertThat(digest).matches("sha256:[0-9a-f]{64}");
        assertThat(pushed.path("repositoryUri").asText()).isEqualTo(sim.server().registry().host() + "/team/skopeo");
        assertThat(pushed.path("tags")).hasSize(2);
        assertThat(pushed.path("repositoryCreated").asBoolean()).isTrue();

        // skopeo reads the credentials from an auth file, so the password stays off its command line
        Path auth = temp.resolve("auth.json");
        String basic = java.util.Base64.getEncoder().encodeToString(("AWS:" + password()).getBytes(StandardCharsets.UTF_8));
        Files.writeString(auth, "{\"auths\":{\"" + sim.server().registry().host() + "\":{\"auth\":\"" + basic + "\"}}}");
        for (String tag : List.of("1.0.0", "abc1234")) {
            JsonNode inspected = JSON.readTree(run(List.of(skopeo.toString(), "inspect", "--tls-verify=false",
                    "--authfile", auth.toString(), "docker://" + sim.server().registry().host() + "/team/skopeo:" + tag), null));
            assertThat(inspected.path("Digest").asText()).as("skopeo's digest of tag " + tag).isEqualTo(digest);
        }
        Repository repository = ecr.describeRepositories(r -> r.repositoryNames("team/skopeo")).repositories().get(0);
        assertThat(repository.imageTagMutability()).isEqualTo(ImageTagMutability.IMMUTABLE);
        assertThat(repository.imageScanningConfiguration().scanOnPush()).isTrue();
        ImageDetail image = ecr.describeImages(r -> r.repositoryName("team/skopeo")).imageDetails().get(0);
        assertThat(image.imageDigest()).isEqualTo(digest);
        assertThat(image.imageTags()).containsExactlyInAnyOrder("1.0.0", "abc1234");
        assertThat(pushed.path("sizeBytes").asLong()).isEqualTo(image.imageSizeInBytes());
    }

    @Test
    void dockerPullsWhatBerthPushedUnderTheSameDigest() throws Exception {
        DockerDaemon docker = DockerDaemon.require();
        JsonNode pushed = json(push("--repository", "team/docker", "--tag", "2.0.0",
                "--tar", DockerSaveArchive.write(temp.resolve("image.tar"), "for docker").toString(), "-o", "json"));
        String host = sim.server().registry().host();
        DockerDaemon.Result login = docker.run(password(), "login", host, "--username", "AWS", "--password-stdin");
        assertThat(login.exitCode()).as(login.stderr()).isZero();
        DockerDaemon.Result pull = docker.run(null, "pull", host + "/team/docker:2.0.0");
        assertThat(pull.exitCode()).as(pull.stderr()).isZero();
        assertThat(pull.stdout()).contains("Digest: " + pushed.path("digest").asText());
        DockerDaemon.Result digests = docker.run(null, "image", "inspect", "--format", "{{json .RepoDigests}}", host + "/team/docker:2.0.0");
        assertThat(digests.stdout()).contains(host + "/team/docker@" + pushed.path("digest").asText());
    }

    @Test
    void aSecondPushOfTheSameImageSendsNoLayerBytes() throws Exception {
        // a simulator of its own, so that the registry's byte count is this test's alone
        try (SimFixture own = SimFixture.start(50)) {
            Path tar = DockerSaveArchive.write(temp.resolve("image.tar"), "pushed twice");
            CliRun firstRun = CliRun.against(own, "push", "--repository", "team/twice", "--tag", "1", "--tar", tar.toString(), "-o", "json");
            JsonNode first = json(firstRun);
            long receivedFirst = own.server().registry().blobBytesReceived();
            CliRun again = CliRun.against(own, "push", "--repository", "team/twice", "--tag", "1", "--tar", tar.toString());
            long receivedAgain = own.server().registry().blobBytesReceived() - receivedFirst;
            System.out.printf("berth push: the first push sent %d bytes (registry received %d); the same image again: %s",
                    first.path("bytesSent").asLong(), receivedFirst, again.stdout());

            assertThat(first.path("bytesSent").asLong()).isPositive().isEqualTo(receivedFirst);
            assertThat(again.exitCode()).as(again.stderr()).isZero();
            assertThat(again.stdout()).startsWith("UNCHANGED ").contains(first.path("digest").asText()).contains(", 0 bytes sent)");
            assertThat(receivedAgain).as("layer bytes the registry received on the second push").isZero();
        }
    }

    @Test
    void anImmutableTagWithOtherContentIsRefusedWithExit3() throws Exception {
        JsonNode first = json(push("--repository", "team/immutable", "--tag", "1", "--tar",
                DockerSaveArchive.write(temp.resolve("one.tar"), "one").toString(), "-o", "json"));
        CliRun other = push("--repository", "team/immutable", "--tag", "1", "--tar",
                DockerSaveArchive.write(temp.resolve("two.tar"), "two").toString());
        assertThat(other.exitCode()).isEqualTo(3);
        assertThat(other.stderr()).contains("repository team/immutable has immutable tags and already holds 1 ("
                + first.path("digest").asText() + ") with other content; push under a new tag");
        assertThat(ecr.describeImages(r -> r.repositoryName("team/immutable").imageIds(i -> i.imageTag("1")))
                .imageDetails().get(0).imageDigest()).isEqualTo(first.path("digest").asText());
    }

    @Test
    void aMissingRepositoryIsCreatedWithALifecyclePolicyKeepingTheLastImages() throws Exception {
        json(push("--repository", "team/lifecycle", "--tag", "1", "--keep-last", "30", "--tar",
                DockerSaveArchive.write(temp.resolve("image.tar"), "lifecycle").toString(), "-o", "json"));
        JsonNode policy = JSON.readTree(ecr.getLifecyclePolicy(r -> r.repositoryName("team/lifecycle")).lifecyclePolicyText());
        assertThat(policy.at("/rules/0/selection/countType").asText()).isEqualTo("imageCountMoreThan");
        assertThat(policy.at("/rules/0/selection/countNumber").asInt()).isEqualTo(30);
        assertThat(policy.at("/rules/0/action/type").asText()).isEqualTo("expire");
    }

    // ---- bad input: a clear error, and nothing changes ----

    @Test
    void badInputIsRefusedBeforeAnythingIsCreated() throws Exception {
        Path notAnArchive = Files.writeString(temp.resolve("broken.tar"), "this is not a docker save archive");
        CliRun broken = push("--repository", "team/bad", "--tag", "1", "--tar", notAnArchive.toString());
        assertThat(broken.exitCode()).isEqualTo(3);
        assertThat(broken.stderr()).contains(notAnArchive.toString());

        CliRun missing = push("--repository", "team/bad", "--tag", "1", "--tar", temp.resolve("absent.tar").toString());
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.stderr()).contains("absent.tar");

        Path tar = DockerSaveArchive.write(temp.resolve("image.tar"), "bad input").toAbsolutePath();
        CliRun upper = push("--repository", "Team/Bad", "--tag", "1", "--tar", tar.toString());
        assertThat(upper.exitCode()).isEqualTo(2);
        assertThat(upper.stderr()).contains("invalid repository 'Team/Bad'");
        CliRun tag = push("--repository", "team/bad", "--tag", "-1", "--tar", tar.toString());
        assertThat(tag.exitCode()).isEqualTo(2);
        CliRun badTag = push("--repository", "team/bad", "--tag", "v1:latest", "--tar", tar.toString());
        assertThat(badTag.exitCode()).isEqualTo(2);
        assertThat(badTag.stderr()).contains("invalid tag 'v1:latest'");
        CliRun twoSources = push("--repository", "team/bad", "--tag", "1", "--tar", tar.toString(), "--image", "web:1");
        assertThat(twoSources.exitCode()).isEqualTo(2);
        CliRun noLogin = push("--repository", "team/bad", "--tag", "1", "--tar", tar.toString(), "--registry", "127.0.0.1:1");
        assertThat(noLogin.exitCode()).isEqualTo(2);
        assertThat(noLogin.stderr()).contains("--registry needs --username and --password-stdin");
        CliRun stray = push("--repository", "team/bad", "--tag", "1", "--tar", tar.toString(), "--dockerfile", "Dockerfile");
        assertThat(stray.exitCode()).isEqualTo(2);

        assertThatThrownBy(() -> ecr.describeRepositories(r -> r.repositoryNames("team/bad")))
                .isInstanceOf(RepositoryNotFoundException.class);
    }

    // ---- with a real Docker daemon ----

    @Test
    void aContextIsBuiltByTheDockerDaemonAndPushed() throws Exception {
        DockerDaemon docker = DockerDaemon.require();
        Path context = Files.createDirectories(temp.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nARG GREETING\nCOPY hello.txt /hello.txt\nLABEL greeting=$GREETING\n");
        Files.writeString(context.resolve("hello.txt"), "built by docker for berth\n");
        Map<String, String> env = new HashMap<>(Map.of("AWS_ENDPOINT_URL", sim.endpoint(), "AWS_REGION", SimFixture.REGION,
                "DOCKER_HOST", docker.host()));
        CliRun built = CliRun.run(env, "push", "--repository", "team/built", "--tag", "3.1.0", "--context", context.toString(),
                "--build-arg", "GREETING=hello", "--build-network", "none", "-o", "json");
        assertThat(built.exitCode()).as(built.stderr()).isZero();
        String digest = JSON.readTree(built.stdout()).path("digest").asText();
        assertThat(ecr.describeImages(r -> r.repositoryName("team/built").imageIds(i -> i.imageTag("3.1.0")))
                .imageDetails().get(0).imageDigest()).isEqualTo(digest);
        DockerDaemon.Result label = docker.run(null, "image", "inspect", "--format", "{{index .Config.Labels \"greeting\"}}",
                "team/built:3.1.0");
        assertThat(label.stdout().trim()).as("the build argument reached the build").isEqualTo("hello");

        // the same image from the daemon by name: nothing new to send
        CliRun fromDaemon = CliRun.run(env, "push", "--repository", "team/built", "--tag", "3.1.0", "--image", "team/built:3.1.0");
        assertThat(fromDaemon.exitCode()).as(fromDaemon.stderr()).isZero();
        assertThat(fromDaemon.stdout()).startsWith("UNCHANGED").contains(digest).contains("0 bytes sent");
    }

    @Test
    void aFailingBuildIsRefusedWithItsOutput() throws Exception {
        DockerDaemon docker = DockerDaemon.require();
        Path context = Files.createDirectories(temp.resolve("failing"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY missing.txt /missing.txt\n");
        CliRun failed = CliRun.run(Map.of("AWS_ENDPOINT_URL", sim.endpoint(), "AWS_REGION", SimFixture.REGION,
                "DOCKER_HOST", docker.host()), "push", "--repository", "team/failing", "--tag", "1", "--context", context.toString());
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.stderr()).contains("docker build failed").contains("missing.txt");
    }

    // ---- a registry berth has no hand in ----

    @Test
    void theSamePushWorksAgainstTheDistributionRegistryWithBcryptHtpasswd() throws Exception {
        String password = "correct horse battery staple";
        try (LocalRegistry registry = LocalRegistry.start("release", password)) {
            Path tar = DockerSaveArchive.write(temp.resolve("image.tar"), "for a real registry");
            String[] args = {"push", "--registry", registry.host(), "--username", "release", "--password-stdin",
                    "--repository", "team/web", "--tag", "4.0.0", "--tar", tar.toString(), "-o", "json"};
            CliRun first = CliRun.run(Map.of(), args, password + "\n");
            assertThat(first.exitCode()).as(first.stderr()).isZero();
            JsonNode pushed = JSON.readTree(first.stdout());
            assertThat(pushed.path("bytesSent").asLong()).isPositive();

            RegistryHttp http = new RegistryHttp(registry.host(), "release", password);
            var manifest = http.send("GET", "/v2/team/web/manifests/4.0.0", null, null);
            assertThat(manifest.statusCode()).isEqualTo(200);
            assertThat(RegistryHttp.digest(manifest.body().getBytes(StandardCharsets.UTF_8))).isEqualTo(pushed.path("digest").asText());

            CliRun second = CliRun.run(Map.of(), args, password);
            assertThat(JSON.readTree(second.stdout()).path("bytesSent").asLong()).isZero();

            CliRun wrong = CliRun.run(Map.of(), args, "not the password");
            assertThat(wrong.exitCode()).isEqualTo(3);
            assertThat(wrong.stderr()).contains("the registry refused the credentials").doesNotContain("not the password");
        }
    }

    // ---- the password stays out of sight ----

    @Test
    void theRegistryPasswordNeverAppearsInProcessesOutputOrFiles() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Path tar = DockerSaveArchive.write(temp.resolve("image.tar"), "secret keeping");
        Map<String, String> env = new HashMap<>(Map.of("AWS_ENDPOINT_URL", sim.endpoint(), "AWS_REGION", SimFixture.REGION,
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "HOME", home.toString(),
                "TMPDIR", temp.toString()));
        List<BerthProcess.Result> runs = new ArrayList<>();
        ProcessWatch watch = ProcessWatch.start();
        try (watch) {
            runs.add(BerthProcess.run(env, null, "push", "--repository", "team/secret", "--tag", "1", "--tar", tar.toString()));
            runs.add(BerthProcess.run(env, null, "push", "--repository", "team/secret", "--tag", "1", "--tar", tar.toString(),
                    "-o", "json"));
            if (hasDocker()) {
                env.put("DOCKER_HOST", DockerDaemon.require().host());
                Path context = Files.createDirectories(temp.resolve("context"));
                Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");
                Files.writeString(context.resolve("hello.txt"), "built while watched\n");
                runs.add(BerthProcess.run(env, null, "push", "--repository", "team/secret", "--tag", "2", "--context",
                        context.toString(), "--build-network", "none"));
            }
        }
        for (BerthProcess.Result run : runs) {
            assertThat(run.exitCode()).as(run.stderr()).isZero();
        }
        List<String> passwords = List.copyOf(sim.server().registry().issuedPasswords());
        assertThat(passwords).as("berth logged in with tokens the simulator issued").isNotEmpty();
        assertThat(watch.samples()).as("processes were sampled while berth ran").isGreaterThan(3);
        String seen = watch.seen();
        assertThat(seen).as("the watch saw berth's own command line").contains("team/secret");
        assertThat(seen).as("the watch read berth's environment").contains("AWS_ENDPOINT_URL=" + sim.endpoint());
        StringBuilder files = new StringBuilder();
        try (Stream<Path> all = Files.walk(temp)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files.append(file).append('\n').append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        for (String password : passwords) {
            String base64 = java.util.Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8));
            for (String secret : List.of(password, base64)) {
                assertThat(seen).as("process command lines and environments").doesNotContain(secret);
                for (BerthProcess.Result run : runs) {
                    assertThat(run.stdout()).doesNotContain(secret);
                    assertThat(run.stderr()).doesNotContain(secret);
                }
                assertThat(files.toString()).as("files under HOME and TMPDIR").doesNotContain(secret);
            }
        }
    }

    private static boolean hasDocker() {
        try {
            DockerDaemon.require();
            return true;
        } catch (org.opentest4j.TestAbortedException e) {
            return false;
        }
    }
}

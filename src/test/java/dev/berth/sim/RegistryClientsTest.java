package dev.berth.sim;

import dev.berth.testing.DockerDaemon;
import dev.berth.cli.DockerSaveArchive;
import dev.berth.testing.RequiredTool;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Registry clients berth has no hand in push to the simulator's ECR, and ECR describes what they pushed. */
class RegistryClientsTest {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

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

    private static String password() {
        String token = ecr.getAuthorizationToken(r -> { }).authorizationData().get(0).authorizationToken();
        return new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8).substring("AWS:".length());
    }

    private static ImageDetail image(String repository, String tag) {
        return ecr.describeImages(r -> r.repositoryName(repository).imageIds(i -> i.imageTag(tag))).imageDetails().get(0);
    }

    @Test
    void skopeoCopiesADockerArchiveIntoEcr() throws Exception {
        Path skopeo = RequiredTool.tool("/usr/bin/skopeo", "skopeo");
        ecr.createRepository(r -> r.repositoryName("clients/skopeo"));
        Path tar = DockerSaveArchive.write(temp.resolve("image.tar"), "copied by skopeo");
        Path auth = temp.resolve("auth.json");
        String basic = Base64.getEncoder().encodeToString(("AWS:" + password()).getBytes(StandardCharsets.UTF_8));
        Files.writeString(auth, "{\"auths\":{\"" + sim.server().registry().host() + "\":{\"auth\":\"" + basic + "\"}}}");
        Path digestFile = temp.resolve("digest");
        String destination = "docker://" + sim.server().registry().host() + "/clients/skopeo:1";

        Process copy = new ProcessBuilder(skopeo.toString(), "copy", "--dest-tls-verify=false", "--dest-authfile", auth.toString(),
                "--digestfile", digestFile.toString(), "docker-archive:" + tar, destination).redirectErrorStream(true).start();
        String output = new String(copy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(copy.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(copy.exitValue()).as(output).isZero();

        String digest = Files.readString(digestFile).trim();
        assertThat(image("clients/skopeo", "1").imageDigest()).isEqualTo(digest);
    }

    @Test
    void dockerPushesALoadedImageIntoEcr() throws Exception {
        DockerDaemon docker = DockerDaemon.require();
        ecr.createRepository(r -> r.repositoryName("clients/docker"));
        String host = sim.server().registry().host();
        String target = host + "/clients/docker:1";
        Path tar = DockerSaveArchive.write(temp.resolve("image.tar"), "pushed by docker");

        DockerDaemon.Result load = docker.run(null, "load", "--input", tar.toString());
        assertThat(load.exitCode()).as(load.stderr()).isZero();
        assertThat(docker.run(null, "tag", "berth-test:latest", target).exitCode()).isZero();
        DockerDaemon.Result login = docker.run(password(), "login", host, "--username", "AWS", "--password-stdin");
        assertThat(login.exitCode()).as(login.stderr()).isZero();
        DockerDaemon.Result push = docker.run(null, "push", target);
        assertThat(push.exitCode()).as(push.stderr()).isZero();

        Matcher digest = DIGEST.matcher(push.stdout().substring(push.stdout().lastIndexOf("digest:")));
        assertThat(digest.find()).as(push.stdout()).isTrue();
        assertThat(image("clients/docker", "1").imageDigest()).isEqualTo(digest.group());
        assertThat(List.of(image("clients/docker", "1").imageManifestMediaType()))
                .containsAnyOf("application/vnd.docker.distribution.manifest.v2+json", "application/vnd.oci.image.manifest.v1+json");
    }
}

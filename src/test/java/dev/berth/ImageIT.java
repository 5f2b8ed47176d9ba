package dev.berth;

import dev.berth.testing.Distribution;
import dev.berth.testing.DockerDaemon;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** target/berth-image.tar (mvn package -Pimage): docker loads it and runs berth, as berth, without a network. */
class ImageIT {
    private static final Path IMAGE = Path.of("target", "berth-image.tar");

    @Test
    void dockerLoadsTheImageAndRunsBerthAsANonRootUserWithoutANetwork() throws Exception {
        if (!Files.exists(IMAGE)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("target/berth-image.tar is missing: CI=true builds it (the image profile)");
            }
            Assumptions.abort("target/berth-image.tar is built by mvn package -Pimage");
        }
        DockerDaemon docker = DockerDaemon.require();
        String tag = "berth:" + Distribution.version();
        DockerDaemon.Result load = docker.run(null, "load", "--input", IMAGE.toAbsolutePath().toString());
        assertThat(load.exitCode()).as(load.stderr()).isZero();
        assertThat(load.stdout()).contains("Loaded image: " + tag);

        DockerDaemon.Result version = docker.run(null, "run", "--rm", "--network", "none", tag, "--version");
        assertThat(version.exitCode()).as(version.stderr()).isZero();
        assertThat(version.stdout().strip()).isEqualTo("berth " + Distribution.version());

        DockerDaemon.Result capacity = docker.run(null, "run", "--rm", "--network", "none", tag,
                "capacity", "--instance-type", "m5.large", "--largest-cpu", "512", "--largest-memory", "1024");
        assertThat(capacity.exitCode()).as(capacity.stderr()).isZero();
        assertThat(capacity.stdout()).contains("scale up when CPUReservation passes 75%");

        DockerDaemon.Result user = docker.run(null, "run", "--rm", "--network", "none", "--entrypoint", "id", tag);
        assertThat(user.exitCode()).as(user.stderr()).isZero();
        assertThat(user.stdout()).startsWith("uid=10001(berth) gid=10001(berth)");
    }
}

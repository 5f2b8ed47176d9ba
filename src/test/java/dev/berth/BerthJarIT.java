package dev.berth;

import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.aws.AwsSettings;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged command, target/berth.jar, run the way users run it. */
class BerthJarIT {
    private static final Path JAR = Path.of("target", "berth.jar");
    private static final Pattern READY = Pattern.compile("berth sim ready at (http://127\\.0\\.0\\.1:\\d+) \\(region us-east-1, speed 1x, seed 1\\)");

    private static ProcessBuilder berth(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(javaBinary(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("AWS_ENDPOINT_URL");
        return builder;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void simPrintsOneReadyLineNamingTheEndpointAndServesEcs() throws Exception {
        assertThat(Files.exists(JAR)).as("target/berth.jar is built by mvn package").isTrue();
        Process sim = berth("sim", "--port", "0").start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            Matcher ready = READY.matcher(String.valueOf(line));
            assertThat(ready.matches()).as("ready line: %s", line).isTrue();
            URI endpoint = URI.create(ready.group(1));
            try (AwsClients clients = new AwsClients(new AwsSettings(Optional.of("us-east-1"), Optional.empty(),
                    Optional.of(endpoint)), SimFixture.CREDENTIALS); EcsClient ecs = clients.ecs()) {
                ecs.createCluster(r -> r.clusterName("it"));
                assertThat(ecs.listClusters().clusterArns()).containsExactly("arn:aws:ecs:us-east-1:000000000000:cluster/it");
            }
        } finally {
            sim.destroy();
            assertThat(sim.waitFor(10, TimeUnit.SECONDS)).as("berth sim stops on SIGTERM").isTrue();
        }
    }

    @Test
    void theReadmesMainJobRunsTheDemoToTheExpectedVerdicts() throws Exception {
        Process demo = berth("demo").redirectErrorStream(false).start();
        String stdout = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(demo.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(demo.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(demo.exitValue()).as(stderr).isZero();
        assertThat(stdout).contains("SUCCEEDED").contains("ROLLED_BACK");
        assertThat(stderr).as("no ANSI codes when stderr is not a terminal").doesNotContain("\u001b[");
    }

    @Test
    void versionAndExitCodeForUsageErrors() throws Exception {
        Process version = berth("--version").start();
        assertThat(new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("berth 0.");
        assertThat(version.waitFor()).isZero();
        Process usage = berth("wait", "--cluster", "x").start();
        assertThat(new String(usage.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("Missing required option: '--service=SERVICE'");
        assertThat(usage.waitFor()).isEqualTo(2);
    }
}

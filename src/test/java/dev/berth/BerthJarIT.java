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
    void withoutARegionOrCredentialsBerthRefusesAndSaysWhatToSet() throws Exception {
        ProcessBuilder noRegion = berth("status", "--cluster", "apps", "--service", "web");
        noRegion.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        noRegion.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        noRegion.environment().put("AWS_CONFIG_FILE", "/nonexistent");
        noRegion.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
        Process region = noRegion.start();
        assertThat(new String(region.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("berth status: refused: cannot call ECS: no AWS region configured (set AWS_REGION or pass --region)");
        assertThat(region.waitFor()).isEqualTo(3);

        ProcessBuilder noCredentials = berth("status", "--cluster", "apps", "--service", "web",
                "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:9");
        noCredentials.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        noCredentials.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        noCredentials.environment().put("AWS_CONFIG_FILE", "/nonexistent");
        noCredentials.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
        Process credentials = noCredentials.start();
        assertThat(new String(credentials.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("refused: failed to describe services in cluster apps: no AWS credentials found");
        assertThat(credentials.waitFor()).isEqualTo(3);
    }

    @Test
    void simStartUpFlagsSetTheApiFaults() throws Exception {
        Process sim = berth("sim", "--port", "0", "--throttle-rate", "0.25", "--error-rate", "0.1", "--latency", "20ms",
                "--image-fault", "repo/web:7=crash", "--events-without-properties", "--no-user-initiated",
                "--service-update-not-applied", "--cancel-delay", "2m").start();
        try {
            String line = new BufferedReader(new InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8)).readLine();
            Matcher ready = READY.matcher(String.valueOf(line));
            assertThat(ready.matches()).as("ready line: %s", line).isTrue();
            java.net.http.HttpResponse<String> faults = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create(ready.group(1) + "/_sim/faults")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(faults.body()).contains("\"throttleRate\" : 0.25").contains("\"serverErrorRate\" : 0.1")
                    .contains("\"latencyMillis\" : 20").contains("\"repo/web:7\" : \"crash\"");
            java.net.http.HttpResponse<String> variations = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create(ready.group(1) + "/_sim/variations")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(variations.body()).contains("\"eventsWithoutProperties\" : true").contains("\"noUserInitiated\" : true")
                    .contains("\"serviceUpdateNotApplied\" : true").contains("\"cancelDelaySeconds\" : 120.0");
        } finally {
            sim.destroy();
            sim.waitFor(10, TimeUnit.SECONDS);
        }
        Process bad = berth("sim", "--port", "0", "--throttle-rate", "1.5").start();
        assertThat(new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("throttleRate must be between 0 and 1, got 1.5");
        assertThat(bad.waitFor()).isEqualTo(2);
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

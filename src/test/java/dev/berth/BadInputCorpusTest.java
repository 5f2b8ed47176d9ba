package dev.berth;

import dev.berth.testing.BerthProcess;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import dev.berth.testing.StackFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input across every command: each case exits 2 (usage) or 3 (refused), says what was wrong,
 * and the simulator records no mutating call.
 */
class BadInputCorpusTest {
    private static SimFixture sim;
    private static Path dir;
    private static String stack;
    private static String cluster;

    @BeforeAll
    static void start() throws IOException {
        sim = SimFixture.start(50);
        stack = StackFixture.clusterAndService(sim, "bad", Map.of());
        cluster = sim.clients().cloudFormation().describeStackResource(r -> r.stackName("bad-ecs").logicalResourceId("Cluster"))
                .stackResourceDetail().physicalResourceId();
        dir = Files.createTempDirectory("berth-bad-input");
        Files.writeString(dir.resolve("bad.yaml"), "Resources: [\n  - not: closed\n");
        Files.writeString(dir.resolve("no-resources.yaml"), "AWSTemplateFormatVersion: '2010-09-09'\nParameters: {}\n");
        Files.writeString(dir.resolve("broken.tar"), "this is not a docker save archive");
        Files.write(dir.resolve("truncated.tar"), new byte[700]);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    /** {command line with placeholders, exit code, what stderr must say}. */
    static Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();
        // deploy
        add(cases, 3, "stack nope was not found", "deploy", "--stack", "nope", "--version", "1");
        add(cases, 2, "'--stack': 'bad name' is not a stack name", "deploy", "--stack", "bad name", "--version", "1");
        add(cases, 2, "is not a stack name", "deploy", "--stack", "arn:aws:cloudformation:us-east-1:123:stack/x", "--version", "1");
        add(cases, 2, "'--version': '1 2' is not an image tag", "deploy", "--stack", "{stack}", "--version", "1 2");
        add(cases, 2, "'--version': '$(id)' is not an image tag", "deploy", "--stack", "{stack}", "--version", "$(id)");
        add(cases, 2, "'--version': '-1' is not an image tag", "deploy", "--stack", "{stack}", "--version=-1");
        add(cases, 2, "'--version': '" + "v".repeat(80) + "… (129 characters)' is not an image tag", "deploy", "--stack", "{stack}", "--version", "v".repeat(129));
        add(cases, 2, "invalid duration '5x'", "deploy", "--stack", "{stack}", "--version", "2", "--timeout", "5x");
        add(cases, 2, "duration must be positive", "deploy", "--stack", "{stack}", "--version", "2", "--timeout", "0s");
        add(cases, 2, "Missing required option: '--version=VERSION'", "deploy", "--stack", "{stack}");
        add(cases, 3, "has no parameter 'ImageTag'", "deploy", "--stack", "{stack}", "--version", "2", "--parameter", "ImageTag");
        add(cases, 2, "'--parameter': 'Bad-Param' is not a template parameter name", "deploy", "--stack", "{stack}", "--version", "2", "--parameter", "Bad-Param");
        add(cases, 2, "expected one of [text, json]", "deploy", "--stack", "{stack}", "--version", "2", "--output", "yaml");
        add(cases, 3, "invalid endpoint URL 'notaurl'", "deploy", "--stack", "{stack}", "--version", "2", "--endpoint-url", "notaurl");
        add(cases, 3, "cannot connect to the AWS endpoint", "deploy", "--stack", "{stack}", "--version", "2", "--endpoint-url", "http://127.0.0.1:1");
        add(cases, 3, "invalid region 'us east'", "deploy", "--stack", "{stack}", "--version", "2", "--region", "us east");
        add(cases, 3, "invalid role ARN 'deployer'", "deploy", "--stack", "{stack}", "--version", "2", "--role-arn", "deployer");
        add(cases, 2, "'--approved-by': '' is not a name", "deploy", "--stack", "{stack}", "--version", "2", "--approved-by", "");
        add(cases, 3, "--pin-digest needs the image's repository", "deploy", "--stack", "{stack}", "--version", "2", "--pin-digest");
        add(cases, 2, "Unknown option: '--colour'", "deploy", "--stack", "{stack}", "--version", "2", "--colour");
        add(cases, 2, "--quiet and --verbose cannot be used together", "deploy", "--stack", "{stack}", "--version", "2", "--quiet", "--verbose");
        add(cases, 2, "'--report': pom.xml exists and is not a directory", "deploy", "--stack", "{stack}", "--version", "2", "--report", "pom.xml");
        add(cases, 2, "'--report': pom.xml exists and is not a directory", "wait", "--cluster", "c", "--service", "s", "--report", "pom.xml");
        add(cases, 2, "--quiet and --verbose cannot be used together", "rollback", "--stack", "{stack}", "--quiet", "--verbose");
        add(cases, 2, "--report applies to a rollback, not to --plan", "rollback", "--stack", "{stack}", "--plan", "--report", "r");
        // plan and rollback
        add(cases, 3, "stack nope was not found", "plan", "--stack", "nope", "--version", "1");
        add(cases, 2, "'.1' is not an image tag", "plan", "--stack", "{stack}", "--version", ".1");
        add(cases, 3, "stack nope was not found", "rollback", "--stack", "nope");
        add(cases, 2, "'bad tag!' is not an image tag", "rollback", "--stack", "{stack}", "--to", "bad tag!");
        add(cases, 3, "has no earlier version that succeeded", "rollback", "--stack", "{stack}");
        add(cases, 3, "version 9.9.9 never ran successfully", "rollback", "--stack", "{stack}", "--to", "9.9.9");
        // history
        add(cases, 3, "stack nope was not found", "history", "--stack", "nope");
        add(cases, 2, "is not a stack name", "history", "--stack", "arn:aws:cloudformation:us-east-1:bad");
        // wait and status
        add(cases, 3, "cluster nope was not found", "wait", "--cluster", "nope", "--service", "web");
        add(cases, 3, "ghost", "wait", "--cluster", "{cluster}", "--service", "ghost");
        add(cases, 2, "'bad/name' is not a service name", "wait", "--cluster", "{cluster}", "--service", "bad/name");
        add(cases, 2, "'web:0' is not family, family:revision or a task definition ARN", "wait", "--cluster", "{cluster}",
                "--service", "web", "--task-definition", "web:0");
        add(cases, 2, "duration must be positive", "wait", "--cluster", "{cluster}", "--service", "web", "--timeout", "0s");
        add(cases, 2, "Missing required argument(s): --service", "status", "--cluster", "{cluster}");
        add(cases, 3, "stack nope was not found", "status", "--stack", "nope");
        add(cases, 2, "are mutually exclusive", "status", "--stack", "{stack}", "--cluster", "{cluster}", "--service", "web");
        // cluster deploy
        add(cases, 3, "cannot read template {dir}/missing.yaml: no such file", "cluster", "deploy", "--stack", "c1",
                "--template", "{dir}/missing.yaml");
        add(cases, 3, "Template format error: YAML not well-formed", "cluster", "deploy", "--stack", "c1", "--template", "{dir}/bad.yaml");
        add(cases, 3, "Template format error: At least one Resources member must be defined", "cluster", "deploy", "--stack", "c1",
                "--template", "{dir}/no-resources.yaml");
        add(cases, 2, "should be in KEY=VALUE format but was novalue", "cluster", "deploy", "--stack", "c1", "-p", "novalue");
        add(cases, 3, "Parameter 'DesiredCount' must be a number", "cluster", "deploy", "--stack", "{stack}", "--template", "service",
                "-p", "DesiredCount=abc");
        add(cases, 3, "the template has no parameter 'Nope'", "cluster", "deploy", "--stack", "{stack}", "--template", "service",
                "-p", "Nope=1");
        // capacity
        add(cases, 2, "'t3.huge' is not one berth knows", "capacity", "--instance-type", "t3.huge", "--largest-cpu", "256",
                "--largest-memory", "512");
        add(cases, 2, "'abc' is not an int", "capacity", "--instance-type", "t3.medium", "--largest-cpu", "abc", "--largest-memory", "512");
        add(cases, 3, "does not fit on one instance", "capacity", "--instance-type", "t3.medium", "--largest-cpu", "99999",
                "--largest-memory", "512");
        // push
        add(cases, 3, "cannot read {dir}/missing.tar", "push", "--repository", "team/web", "--tag", "1", "--tar", "{dir}/missing.tar");
        add(cases, 3, "{dir}/broken.tar", "push", "--repository", "team/web", "--tag", "1", "--tar", "{dir}/broken.tar");
        add(cases, 3, "{dir}/truncated.tar", "push", "--repository", "team/web", "--tag", "1", "--tar", "{dir}/truncated.tar");
        add(cases, 2, "invalid repository 'Team/Web'", "push", "--repository", "Team/Web", "--tag", "1", "--tar", "{dir}/broken.tar");
        add(cases, 2, "invalid tag 'v1:latest'", "push", "--repository", "team/web", "--tag", "v1:latest", "--tar", "{dir}/broken.tar");
        add(cases, 2, "(--context=DIR | --tar=FILE | --image=REF)", "push", "--repository", "team/web", "--tag", "1");
        add(cases, 2, "--registry needs --username and --password-stdin", "push", "--repository", "team/web", "--tag", "1",
                "--tar", "{dir}/broken.tar", "--registry", "127.0.0.1:1");
        add(cases, 2, "keep-last must be between 1 and 1000", "push", "--repository", "team/web", "--tag", "1", "--tar",
                "{dir}/broken.tar", "--keep-last", "0");
        // sim, demo, the command itself
        add(cases, 2, "port must be between 0 and 65535, got 99999", "sim", "--port", "99999");
        add(cases, 2, "speed must be greater than 0", "sim", "--speed", "0");
        add(cases, 2, "cancel delay must be between 0 and 21600 seconds, got 25200", "sim", "--cancel-delay", "7h");
        add(cases, 2, "expected more than 0, at most 1000", "demo", "--speed", "-1");
        add(cases, 2, "Unmatched argument at index 0: 'nosuchcommand'", "nosuchcommand");
        return cases.stream();
    }

    private static void add(List<Arguments> cases, int exit, String says, String... args) {
        cases.add(Arguments.of(String.join(" ", args), exit, says, args));
    }

    private static String fill(String text) {
        return text.replace("{stack}", stack).replace("{cluster}", cluster).replace("{dir}", dir.toString());
    }

    @ParameterizedTest(name = "berth {0}")
    @MethodSource("corpus")
    void isRefusedSayingWhatWasWrongAndChangesNothing(String name, int exit, String says, String[] args) {
        String[] filled = Stream.of(args).map(BadInputCorpusTest::fill).toArray(String[]::new);
        Map<String, Long> mutations = sim.server().counters().mutations();

        CliRun run = CliRun.against(sim, filled);

        assertThat(run.exitCode()).as("exit code; stderr: %s", run.stderr()).isEqualTo(exit);
        assertThat(run.stderr()).contains(fill(says));
        assertThat(run.stderr()).as("no stack trace for bad input").doesNotContain("\tat dev.berth");
        assertThat(sim.server().counters().mutations()).as("mutating calls").isEqualTo(mutations);
    }

    @Test
    void theCorpusCoversEveryCommandWithAtLeastFortyCases() {
        List<Arguments> cases = corpus().toList();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        assertThat(cases.stream().map(a -> ((String) a.get()[0]).split(" ")[0]).distinct())
                .containsExactlyInAnyOrder("deploy", "plan", "rollback", "history", "wait", "status", "cluster", "capacity",
                        "push", "sim", "demo", "nosuchcommand");
    }

    @Test
    void missingCredentialsAreRefusedNamingWhatToSet() throws Exception {
        Map<String, Long> mutations = sim.server().counters().mutations();
        Path home = Files.createDirectories(dir.resolve("home"));
        BerthProcess.Result run = BerthProcess.run(Map.of("AWS_ENDPOINT_URL", sim.endpoint(), "AWS_REGION", SimFixture.REGION,
                "HOME", home.toString(), "AWS_CONFIG_FILE", "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent",
                "AWS_EC2_METADATA_DISABLED", "true"), null, "deploy", "--stack", stack, "--version", "2");
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(3);
        assertThat(run.stderr()).contains("no AWS credentials found");
        assertThat(sim.server().counters().mutations()).isEqualTo(mutations);
    }
}

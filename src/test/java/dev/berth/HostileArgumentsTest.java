package dev.berth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import dev.berth.testing.StackFixture;
import dev.berth.text.ForeignText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile values through every option of every command: an {@code @file} (whose file would send
 * berth to another endpoint and holds a secret), smuggled options, leading dashes, control
 * characters, invalid Unicode, empty and blank values and a 100 kB value. Each arrives as one
 * literal argument and is then refused naming the option (exit 2 or 3), or accepted, in which case
 * the command goes on to the refusal its other arguments were chosen to end in. Nothing mutating
 * is called, the file is never read, nothing connects to the endpoint it names, and no control
 * character reaches the output.
 */
class HostileArgumentsTest {
    private static final String SECRET = "aws_secret_access_key=SECRET-MARKER-7f3a";
    private static SimFixture sim;
    private static Path dir;
    private static Path atFile;
    private static ServerSocket listener;
    private static final AtomicInteger CONNECTIONS = new AtomicInteger();
    private static String stack;

    @BeforeAll
    static void start() throws IOException {
        sim = SimFixture.start(50);
        dir = Files.createTempDirectory("berth-hostile");
        Files.writeString(dir.resolve("bad.yaml"), "Resources: [\n  - not: closed\n");
        Files.writeString(dir.resolve("broken.tar"), "this is not a docker save archive");
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket ignored = listener.accept()) {
                    CONNECTIONS.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }, "hostile-endpoint");
        accept.setDaemon(true);
        accept.start();
        atFile = Files.writeString(dir.resolve("args"), "--endpoint-url=" + endpoint() + "\n1.4.2\n" + SECRET + "\n");
    }

    @AfterAll
    static void stop() throws IOException {
        listener.close();
        sim.close();
    }

    private static String endpoint() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    static List<String> hostileValues() {
        return List.of("@" + atFile, "--endpoint-url=" + endpoint(), "-q", "\u001b[2J",
                "\u001b]8;;" + endpoint() + "/\u0007click\u001b]8;;\u0007", "ring\u0007bell", "over\rwrite", "nul\0byte",
                "line\nbreak", "lone\ud800surrogate", "non\ufffe\uffffcharacters", "\u202eoverride", "", "   ",
                "x".repeat(100_000));
    }

    /** One option of one command: the arguments it is tried with, and the refusal they end in when the value is accepted. */
    record Row(String[] base, String option, String prefix, String suffix, String acceptedEndsIn) {
        String[] with(String value) {
            List<String> args = new ArrayList<>(List.of(base));
            String full = prefix + value + suffix;
            int at = args.indexOf(option);
            if (at >= 0) {
                args.set(at + 1, full);
            } else {
                args.add(option);
                args.add(full);
            }
            return args.stream().map(a -> a.replace("{dir}", dir.toString())).toArray(String[]::new);
        }

        String name() {
            return String.join(" ", base).replace("{dir}/", "") + " | " + option + " " + prefix + "V" + suffix;
        }
    }

    private static final String[] AWS = {"--region", "--profile", "--endpoint-url", "--role-arn", "--output"};

    static Stream<Arguments> corpus() {
        List<Row> rows = new ArrayList<>();
        String noStack = "stack nope was not found";
        add(rows, noStack, new String[] {"deploy", "--stack", "nope", "--version", "1"}, "--stack", "--version", "--parameter",
                "--timeout", "--rollback-grace", "--reason", "--repository-parameter", "--approved-by", "--report",
                "--bake-time", "--alarm");
        add(rows, noStack, new String[] {"plan", "--stack", "nope", "--version", "1"}, "--stack", "--version", "--parameter");
        add(rows, noStack, new String[] {"rollback", "--stack", "nope"}, "--stack", "--to", "--parameter", "--timeout",
                "--rollback-grace", "--reason", "--approved-by", "--report");
        add(rows, noStack, new String[] {"history", "--stack", "nope"}, "--stack");
        add(rows, noStack, new String[] {"status", "--stack", "nope"}, "--stack");
        add(rows, "cluster nope was not found", new String[] {"status", "--cluster", "nope", "--service", "web"}, "--cluster", "--service");
        add(rows, "cluster nope was not found", new String[] {"wait", "--cluster", "nope", "--service", "web"}, "--cluster", "--service",
                "--task-definition", "--timeout", "--report");
        String[] cluster = {"cluster", "deploy", "--stack", "c1", "--template", "{dir}/bad.yaml"};
        add(rows, "YAML not well-formed", cluster, "--stack", "--template", "--parameter", "--timeout");
        rows.add(new Row(cluster, "--parameter", "Key=", "", "YAML not well-formed"));
        add(rows, "stack nope does not exist", new String[] {"cluster", "roll", "--stack", "nope"}, "--stack", "--timeout", "--poll");
        add(rows, "does not fit on one instance", new String[] {"capacity", "--instance-type", "t3.medium", "--largest-cpu", "99999",
                "--largest-memory", "512"}, "--instance-type", "--instance-cpu", "--instance-memory", "--largest-cpu", "--largest-memory",
                "--output");
        add(rows, "cluster nope was not found", new String[] {"capacity", "--cluster", "nope"}, "--cluster", "--region", "--profile",
                "--endpoint-url", "--role-arn");
        add(rows, "port must be between 0 and 65535", new String[] {"sim", "--port", "99999"}, "--port", "--speed", "--seed", "--region",
                "--throttle-rate", "--error-rate", "--latency", "--reset-rate", "--session-duration", "--image-fault", "--cancel-delay");
        rows.add(new Row(new String[] {"sim", "--port", "99999"}, "--image-fault", "web:1=", "", "port must be between"));
        rows.add(new Row(new String[] {"sim", "--port", "99999"}, "--image-fault", "", "=crash", "port must be between"));
        add(rows, "expected more than 0, at most 1000", new String[] {"demo", "--speed", "0"}, "--speed", "--report", "--output");
        String[] tar = {"push", "--repository", "team/web", "--tag", "1", "--tar", "{dir}/broken.tar"};
        add(rows, "is not a docker save archive", tar, "--repository", "--tag", "--tar", "--keep-last");
        String[] context = {"push", "--repository", "team/web", "--tag", "1", "--context", "{dir}"};
        add(rows, "no Dockerfile at", context, "--context", "--dockerfile", "--build-arg", "--build-network");
        rows.add(new Row(context, "--build-arg", "VERSION=", "", "no Dockerfile at"));
        rows.add(new Row(context, "--build-arg", "", "=1", "no Dockerfile at"));
        // no AWS rows on this one: with a valid image it would push
        rows.add(new Row(new String[] {"push", "--repository", "team/web", "--tag", "1", "--image", "web:1"}, "--image", "", "",
                "(an image reference is never accepted here)"));
        add(rows, "--password-stdin read no password", new String[] {"push", "--repository", "team/web", "--tag", "1", "--tar",
                "{dir}/broken.tar", "--registry", "127.0.0.1:1", "--username", "u", "--password-stdin"}, "--registry", "--username");
        List<Arguments> cases = new ArrayList<>();
        for (Row row : rows) {
            for (String value : hostileValues()) {
                cases.add(Arguments.of(row.name() + " with " + ForeignText.echo(value).substring(0, Math.min(30, ForeignText.echo(value).length())),
                        row, value));
            }
        }
        return cases.stream();
    }

    /** Rows for the options, and for the AWS and output options of commands that have them. */
    private static void add(List<Row> rows, String acceptedEndsIn, String[] base, String... options) {
        for (String option : options) {
            rows.add(new Row(base, option, "", "", acceptedEndsIn));
        }
        boolean aws = !List.of("capacity", "sim", "demo").contains(base[0]);
        if (aws && rows.stream().noneMatch(r -> r.base() != base && String.join(" ", r.base()).equals(String.join(" ", base)))) {
            for (String option : AWS) {
                if (!List.of(options).contains(option)) {
                    rows.add(new Row(base, option, "", "", acceptedEndsIn));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachValueIsOneLiteralArgumentRefusedNamingTheOptionOrAccepted(String name, Row row, String value) {
        Map<String, Long> mutations = sim.server().counters().mutations();
        int connections = CONNECTIONS.get();

        CliRun run = CliRun.against(sim, row.with(value));

        // the message: the first line that is not progress (progress lines start with the time)
        String firstLine = run.stderr().lines().filter(l -> !l.matches("\\d\\d:\\d\\d:\\d\\d .*")).findFirst().orElse("");
        assertThat(run.exitCode()).as("exit code; stderr: %s", firstLine).isIn(2, 3);
        assertThat(firstLine.contains(row.option()) || firstLine.contains(row.acceptedEndsIn()))
                .as("names %s or ends in '%s': %s", row.option(), row.acceptedEndsIn(), firstLine).isTrue();
        assertThat(run.stderr()).as("no stack trace").doesNotContain("at dev.berth");
        assertThat(run.stdout() + run.stderr()).as("the @file is never read").doesNotContain("SECRET-MARKER");
        assertThat(run.stderr().length()).as("long values are cut short").isLessThan(20_000);
        assertNoControlCharacters(run.stdout());
        assertNoControlCharacters(run.stderr());
        assertThat(CONNECTIONS.get()).as("connections to the endpoint the @file names").isEqualTo(connections);
        assertThat(sim.server().counters().mutations()).as("mutating calls").isEqualTo(mutations);
    }

    static void assertNoControlCharacters(String text) {
        assertThat(ForeignText.isPlain(text.replace('\n', ' '))).as("control characters in: %s", ForeignText.echo(text)).isTrue();
    }

    @Test
    void theCorpusCoversEveryCommandAndEveryOptionThatTakesAValue() {
        List<String> commands = corpus().map(a -> ((Row) a.get()[1]).base()[0]).distinct().toList();
        assertThat(commands).containsExactlyInAnyOrder("deploy", "plan", "rollback", "history", "status", "wait", "cluster",
                "capacity", "sim", "demo", "push");
        // every option of every command that takes a value is in the corpus
        var spec = dev.berth.cli.BerthCommand.commandLine().getCommandSpec();
        List<String> missing = new ArrayList<>();
        List<Row> rows = corpus().map(a -> (Row) a.get()[1]).toList();
        spec.subcommands().forEach((name, sub) -> collect(name, sub, rows, missing));
        assertThat(missing).as("options without hostile values").isEmpty();
    }

    private static void collect(String name, picocli.CommandLine sub, List<Row> rows, List<String> missing) {
        if (name.equals("help")) {
            return;
        }
        if (!sub.getSubcommands().isEmpty()) {
            sub.getSubcommands().forEach((child, line) -> collect(name + " " + child, line, rows, missing));
            return;
        }
        for (var option : sub.getCommandSpec().options()) {
            if (option.arity().max() == 0 || option.usageHelp() || option.versionHelp()) {
                continue;
            }
            boolean covered = rows.stream().anyMatch(r -> String.join(" ", r.base()).startsWith(name)
                    && List.of(option.names()).contains(r.option()));
            if (!covered) {
                missing.add(name + " " + option.longestName());
            }
        }
    }

    @Test
    void anAtFileReachesTheCommandAsItIsWrittenInEitherForm() throws Exception {
        String stackName = StackFixture.clusterAndService(sim, "literal", Map.of());
        CliRun run = CliRun.against(sim, "deploy", "--stack", stackName, "--version", "2", "--reason", "@" + atFile,
                "--approved-by=@" + atFile, "--output", "json");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        var result = new ObjectMapper().readTree(run.stdout());
        assertThat(result.path("why").asText()).isEqualTo("@" + atFile);
        assertThat(result.path("approvedBy").asText()).isEqualTo("@" + atFile);
        assertThat(run.stdout() + run.stderr()).doesNotContain("SECRET-MARKER");
        assertThat(CONNECTIONS.get()).isZero();
    }

    @Test
    void noCommandOrSubcommandExpandsAtFiles() {
        List<String> expanding = new ArrayList<>();
        collectExpanding(dev.berth.cli.BerthCommand.commandLine(), expanding);
        assertThat(expanding).isEmpty();
    }

    private static void collectExpanding(picocli.CommandLine line, List<String> expanding) {
        if (line.isExpandAtFiles()) {
            expanding.add(line.getCommandSpec().qualifiedName());
        }
        line.getSubcommands().values().forEach(sub -> collectExpanding(sub, expanding));
    }

    @Test
    void anAtFileInPlaceOfTheCommandIsAnUnknownCommand() {
        CliRun run = CliRun.against(sim, "@" + atFile);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("Unmatched argument at index 0: '@" + atFile + "'").doesNotContain("SECRET-MARKER");
        assertThat(CONNECTIONS.get()).isZero();
    }

    @Test
    void aReasonWithControlCharactersIsRefusedBeforeAnyCallAndLeavesNoChangeSet() {
        String stackName = StackFixture.clusterAndService(sim, "reason", Map.of());
        Map<String, Long> calls = sim.server().counters().received();
        List<String> changeSets;
        try (var cfn = sim.clients().cloudFormation()) {
            changeSets = cfn.listChangeSets(r -> r.stackName(stackName)).summaries().stream().map(c -> c.changeSetId()).toList();
        }
        calls = sim.server().counters().received();
        for (String verb : List.of("deploy", "rollback")) {
            List<String> args = new ArrayList<>(List.of(verb, "--stack", stackName, "--reason", "broke \u001b[2J checkout\r"));
            if (verb.equals("deploy")) {
                args.addAll(List.of("--version", "2"));
            }
            CliRun run = CliRun.against(sim, args.toArray(String[]::new));

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
            assertThat(run.stderr()).startsWith("Invalid value for option '--reason': 'broke \\x1b[2J checkout\\r' is not text")
                    .contains("control character (U+001B at position 6)");
        }
        assertThat(sim.server().counters().received()).as("no AWS call at all").isEqualTo(calls);
        try (var cfn = sim.clients().cloudFormation()) {
            assertThat(cfn.listChangeSets(r -> r.stackName(stackName)).summaries().stream().map(c -> c.changeSetId()))
                    .as("no change set left behind").containsExactlyElementsOf(changeSets);
            assertThat(cfn.describeStacks(r -> r.stackName(stackName)).stacks().get(0).stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        }
    }
}

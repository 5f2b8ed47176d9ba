package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.push.DockerCli;
import dev.berth.engine.push.ImageSource;
import dev.berth.engine.push.PushOptions;
import dev.berth.engine.push.PushResult;
import dev.berth.engine.push.Pusher;
import dev.berth.report.ResultJson;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code berth push}: build (or take) an image and put it into ECR, printing its digest. */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = "Build an image from a context directory, or take a docker save archive or a local image, and push it to an ECR repository (created if missing, with immutable tags and scan on push). The login comes from the AWS SDK and never leaves this process; layers the registry has are not sent again. Prints the digest.")
final class PushCommand implements Callable<Integer> {
    @ParentCommand
    BerthCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--repository", required = true, paramLabel = "NAME", description = "the ECR repository, e.g. team/web")
    String repository;

    @Option(names = "--tag", required = true, paramLabel = "TAG",
            description = "the version to push as; repeat for more tags (the git commit, say)")
    List<String> tags = new ArrayList<>();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--context", paramLabel = "DIR", description = "build with the docker CLI from this directory")
        Path context;

        @Option(names = "--tar", paramLabel = "FILE", description = "a docker save archive (needs no daemon)")
        Path tar;

        @Option(names = "--image", paramLabel = "REF", description = "an image in the local Docker daemon")
        String image;
    }

    @Option(names = "--dockerfile", paramLabel = "FILE", description = "with --context: the Dockerfile (default: DIR/Dockerfile)")
    Path dockerfile;

    @Option(names = "--build-arg", paramLabel = "KEY=VALUE", description = "with --context: a build argument (repeatable)")
    Map<String, String> buildArgs = new LinkedHashMap<>();

    @Option(names = "--build-network", paramLabel = "NETWORK", description = "with --context: the network of RUN steps, e.g. none")
    String buildNetwork;

    @Option(names = "--keep-last", paramLabel = "N", description = "when creating the repository: a lifecycle policy keeping the last N images")
    Integer keepLast;

    @Option(names = "--mutable", description = "when creating the repository: allow tags to move (default: immutable)")
    boolean mutable;

    @Option(names = "--registry", paramLabel = "HOST", description = "push to this registry instead of ECR (with --username and --password-stdin)")
    String registry;

    @Option(names = "--username", paramLabel = "USER", description = "with --registry: the user to log in as")
    String username;

    @Option(names = "--password-stdin", description = "with --registry: read the password from standard input")
    boolean passwordStdin;

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws IOException {
        validate();
        if (source.context == null && (dockerfile != null || !buildArgs.isEmpty() || buildNetwork != null)) {
            throw usage("--dockerfile, --build-arg and --build-network go with --context");
        }
        if (registry != null && (username == null || !passwordStdin)) {
            throw usage("--registry needs --username and --password-stdin");
        }
        if (registry == null && (username != null || passwordStdin)) {
            throw usage("--username and --password-stdin go with --registry; ECR logins come from the AWS SDK");
        }
        PushOptions options;
        try {
            options = new PushOptions(repository, tags, imageSource(), !mutable, keepLast);
        } catch (dev.berth.engine.RefusedException e) {
            throw usage(optionOf(e.getMessage()) + e.getMessage());
        }
        requireFiles();
        CliContext context = parent.context();
        ProgressPrinter printer = output.printer(spec, context);
        DockerCli docker = DockerCli.from(context.env());
        PushResult result;
        if (registry != null) {
            char[] password = readPassword(context.stdin());
            result = new Pusher(null, docker, context.clock(), printer).push(options, new Pusher.RegistryLogin(registry, username, password));
        } else {
            try (AwsClients clients = context.aws().apply(aws.settings(context.env())); var ecr = clients.ecr()) {
                result = new Pusher(ecr, docker, context.clock(), printer).push(options);
            }
        }
        print(result);
        return 0;
    }

    private static final java.util.regex.Pattern BUILD_ARG = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    private static final java.util.regex.Pattern NETWORK = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})(:[0-9]{1,5})?");

    /** Every value is checked before anything is built, read or called. */
    private void validate() {
        Names.path(spec, "--context", source.context);
        Names.path(spec, "--tar", source.tar);
        Names.image(spec, "--image", source.image);
        Names.path(spec, "--dockerfile", dockerfile);
        buildArgs.forEach((key, value) -> {
            Names.matching(spec, "--build-arg", key, BUILD_ARG, 255, "KEY=VALUE with KEY letters, digits and _");
            Names.value(spec, "--build-arg", value, 4096);
        });
        Names.matching(spec, "--build-network", buildNetwork, NETWORK, 128, "a Docker network name such as none or host");
        Names.matching(spec, "--registry", registry, HOST, 260, "a registry host, with an optional :port");
        Names.person(spec, "--username", username);
        output.validate(spec);
    }

    /** The option a refusal of {@link PushOptions} is about. */
    private static String optionOf(String message) {
        if (message.startsWith("invalid repository")) {
            return "Invalid value for option '--repository': ";
        }
        if (message.startsWith("keep-last")) {
            return "Invalid value for option '--keep-last': ";
        }
        return "Invalid value for option '--tag': ";
    }

    /** Files that must be there, refused (exit 3) before any registry or AWS call. */
    private void requireFiles() {
        if (source.tar != null && !(java.nio.file.Files.isRegularFile(source.tar) && java.nio.file.Files.isReadable(source.tar))) {
            throw new dev.berth.engine.RefusedException("'--tar': cannot read " + source.tar + ": no such readable file");
        }
        if (source.context != null && !java.nio.file.Files.isDirectory(source.context)) {
            throw new dev.berth.engine.RefusedException("'--context': " + source.context + " is not a directory");
        }
        if (dockerfile != null && !java.nio.file.Files.isRegularFile(dockerfile)) {
            throw new dev.berth.engine.RefusedException("'--dockerfile': no Dockerfile at " + dockerfile);
        }
    }

    private ImageSource imageSource() {
        if (source.context != null) {
            return new ImageSource.Build(source.context, dockerfile, buildArgs, buildNetwork);
        }
        if (source.tar != null) {
            return new ImageSource.Archive(source.tar);
        }
        return new ImageSource.DaemonImage(source.image);
    }

    private char[] readPassword(InputStream stdin) throws IOException {
        String text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw usage("--password-stdin read no password from standard input");
        }
        return text.toCharArray();
    }

    private void print(PushResult result) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            ResultJson json = new ResultJson();
            ObjectNode node = json.mapper().createObjectNode();
            node.put("schemaVersion", ResultJson.SCHEMA_VERSION);
            node.put("command", "push");
            node.put("outcome", result.unchanged() ? "UNCHANGED" : "SUCCEEDED");
            node.put("repositoryUri", result.repositoryUri());
            node.set("tags", json.mapper().valueToTree(result.tags()));
            node.put("digest", result.digest());
            node.put("imageUri", result.repositoryUri() + "@" + result.digest());
            node.put("sizeBytes", result.sizeBytes());
            node.put("bytesSent", result.bytesSent());
            node.put("repositoryCreated", result.repositoryCreated());
            out.println(json.write(node));
        } else {
            out.printf("%s %s:%s %s (image %d bytes, %d bytes sent)%n", result.unchanged() ? "UNCHANGED" : "PUSHED",
                    ProgressPrinter.safe(result.repositoryUri()), String.join(",", result.tags()), ProgressPrinter.safe(result.digest()),
                    result.sizeBytes(), result.bytesSent());
        }
        out.flush();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}

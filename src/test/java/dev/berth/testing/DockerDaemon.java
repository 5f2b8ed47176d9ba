package dev.berth.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Docker daemon for tests: the one DOCKER_HOST names (.ci/run starts it), or one started here
 * as the design asks: no bridge, no iptables, vfs storage, its own data root and socket.
 * Containers run with --network none; nothing leaves the machine.
 */
public final class DockerDaemon {
    private static DockerDaemon shared;

    private final String host;
    private final Path config;

    private DockerDaemon(String host, Path config) {
        this.host = host;
        this.config = config;
    }

    public static synchronized DockerDaemon require() {
        if (shared != null) {
            return shared;
        }
        Path cli = Path.of("/usr/bin/docker");
        if (!Files.isExecutable(cli)) {
            RequiredTool.missing("the docker CLI (/usr/bin/docker, Debian package docker.io) is not installed");
        }
        try {
            Path config = Files.createTempDirectory("berth-docker-config");
            String host = System.getenv("DOCKER_HOST");
            if (host != null && works(host, config)) {
                shared = new DockerDaemon(host, config);
                return shared;
            }
            Path dockerd = Path.of("/usr/sbin/dockerd");
            if (!Files.isExecutable(dockerd)) {
                RequiredTool.missing("no Docker daemon: DOCKER_HOST is not set and /usr/sbin/dockerd is not installed");
            }
            if (!"root".equals(System.getProperty("user.name"))) {
                RequiredTool.missing("no Docker daemon: DOCKER_HOST is not set and starting dockerd needs root");
            }
            Path root = Files.createTempDirectory("berth-dockerd");
            String socket = "unix://" + root.resolve("docker.sock");
            Process daemon = new ProcessBuilder(dockerd.toString(), "--iptables=false", "--ip-forward=false", "--ip-masq=false",
                    "--bridge=none", "--storage-driver=vfs", "--data-root", root.resolve("data").toString(),
                    "--exec-root", root.resolve("exec").toString(), "--pidfile", root.resolve("docker.pid").toString(),
                    "-H", socket).redirectErrorStream(true).redirectOutput(root.resolve("dockerd.log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(daemon::destroy));
            for (int i = 0; i < 100 && !works(socket, config); i++) {
                Thread.sleep(200);
            }
            if (!works(socket, config)) {
                RequiredTool.missing("dockerd did not start here: " + Files.readString(root.resolve("dockerd.log")).lines()
                        .reduce((a, b) -> b).orElse("no output"));
            }
            shared = new DockerDaemon(socket, config);
            return shared;
        } catch (IOException e) {
            RequiredTool.missing("cannot start dockerd: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static boolean works(String host, Path config) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/docker", "--host", host, "version", "--format", "{{.Server.Version}}");
        builder.environment().put("DOCKER_CONFIG", config.toString());
        Process probe = builder.redirectErrorStream(true).start();
        boolean done = probe.waitFor(20, TimeUnit.SECONDS);
        if (!done) {
            probe.destroyForcibly();
        }
        return done && probe.exitValue() == 0;
    }

    public String host() {
        return host;
    }

    /** Runs the docker CLI against this daemon; stdin is fed {@code input} when not null. */
    public Result run(String input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/docker"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DOCKER_HOST", host);
        builder.environment().put("DOCKER_CONFIG", config.toString());
        builder.environment().put("DOCKER_BUILDKIT", "1");
        Process process = builder.start();
        try (var stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes());
            }
        }
        String out = new String(process.getInputStream().readAllBytes());
        String err = new String(process.getErrorStream().readAllBytes());
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), out, err);
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }
}

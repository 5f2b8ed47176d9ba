package dev.berth.engine.push;

import dev.berth.engine.BerthException;
import dev.berth.engine.RefusedException;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds an image with the docker CLI (BuildKit where the daemon has it). No credentials are
 * passed to the build: it needs none, and secrets never go into a child's arguments or environment.
 */
public final class DockerBuild {
    private final DockerCli docker;
    private final DeploymentListener listener;
    private final Clock clock;

    public DockerBuild(DockerCli docker, DeploymentListener listener, Clock clock) {
        this.docker = docker;
        this.listener = listener;
        this.clock = clock;
    }

    /** Refuses a context that is not a folder or has no Dockerfile; returns the Dockerfile. */
    static Path requireContext(ImageSource.Build build) {
        if (!Files.isDirectory(build.context())) {
            throw new RefusedException("the build context " + build.context() + " is not a directory");
        }
        Path dockerfile = build.dockerfile() != null ? build.dockerfile() : build.context().resolve("Dockerfile");
        if (!Files.isRegularFile(dockerfile)) {
            throw new RefusedException("no Dockerfile at " + dockerfile);
        }
        return dockerfile;
    }

    /** Whether the docker CLI has buildx, without which DOCKER_BUILDKIT=1 fails outright. */
    private boolean buildKitAvailable() {
        ProcessBuilder probe = new ProcessBuilder(docker.executable(), "buildx", "version").redirectErrorStream(true);
        probe.environment().putAll(docker.environment());
        try {
            Process process = probe.start();
            process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Builds the image and names it {@code localName} in the daemon, as docker build -t does. */
    public void build(ImageSource.Build build, String localName) {
        Path dockerfile = requireContext(build);
        List<String> command = new ArrayList<>(List.of(docker.executable(), "build", "--tag", localName, "-f", dockerfile.toString()));
        for (Map.Entry<String, String> arg : build.buildArgs().entrySet()) {
            command.add("--build-arg");
            command.add(arg.getKey() + "=" + arg.getValue());
        }
        if (build.network() != null) {
            command.add("--network");
            command.add(build.network());
        }
        command.add(build.context().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(docker.environment());
        boolean buildKit = buildKitAvailable();
        if (!buildKit) {
            listener.on(new BerthEvent.PhaseChanged(clock.instant(), "docker build", "build",
                    "BuildKit is not available here (no docker buildx plugin): building with the classic builder"));
        }
        builder.environment().put("DOCKER_BUILDKIT", buildKit ? "1" : "0");
        builder.environment().put("BUILDKIT_PROGRESS", "plain");
        List<String> tail = new ArrayList<>();
        try {
            Process process = builder.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    listener.on(new BerthEvent.PhaseChanged(clock.instant(), "docker build", "build", line));
                    tail.add(line);
                    if (tail.size() > 20) {
                        tail.remove(0);
                    }
                }
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new RefusedException("docker build failed (exit " + exit + "): " + String.join(" | ", tail));
            }
        } catch (IOException e) {
            throw new RefusedException("cannot run " + docker.executable() + ": " + e.getMessage() + "; building needs the docker CLI and a daemon", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("docker build was interrupted", e);
        }
    }
}

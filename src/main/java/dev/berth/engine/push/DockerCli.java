package dev.berth.engine.push;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How berth reaches the local Docker daemon: the docker CLI ({@code BERTH_DOCKER} or {@code docker}
 * on PATH) and the variables that choose the daemon. Only these variables go to docker children:
 * nothing berth holds, such as a registry password, ever reaches them.
 */
public record DockerCli(String executable, Map<String, String> environment) {
    private static final List<String> DAEMON_VARIABLES = List.of("DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CONFIG",
            "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY", "DOCKER_API_VERSION");

    public DockerCli {
        environment = Map.copyOf(environment);
    }

    /** The docker CLI as the environment {@code env} of berth chooses it. */
    public static DockerCli from(Map<String, String> env) {
        Map<String, String> daemon = new LinkedHashMap<>();
        for (String name : DAEMON_VARIABLES) {
            if (env.get(name) != null) {
                daemon.put(name, env.get(name));
            }
        }
        return new DockerCli(env.getOrDefault("BERTH_DOCKER", "docker"), daemon);
    }

    /** The executable as jib wants it: a path, resolved on PATH when it is a bare name. */
    Path executablePath() {
        if (executable.contains("/")) {
            return Path.of(executable);
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String directory : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(directory, executable);
            if (java.nio.file.Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return Path.of(executable);
    }
}

package dev.berth.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's docker-registry (the CNCF distribution registry) on 127.0.0.1 with one user in a bcrypt
 * htpasswd file: a registry berth has no hand in, to prove its push path is not tuned to its own.
 */
public final class LocalRegistry implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path root;

    private LocalRegistry(Process process, int port, Path root) {
        this.process = process;
        this.port = port;
        this.root = root;
    }

    public static LocalRegistry start(String user, String password) throws IOException, InterruptedException {
        Path registry = RequiredTool.tool("/usr/bin/docker-registry", "docker-registry");
        Path htpasswd = RequiredTool.tool("/usr/bin/htpasswd", "apache2-utils");
        Path root = Files.createTempDirectory("berth-registry");
        // -i: the password comes on standard input, not on htpasswd's command line
        Process hash = new ProcessBuilder(htpasswd.toString(), "-niB", user).start();
        try (var in = hash.getOutputStream()) {
            in.write(password.getBytes(StandardCharsets.UTF_8));
        }
        String entry = new String(hash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!hash.waitFor(30, TimeUnit.SECONDS) || hash.exitValue() != 0 || !entry.startsWith(user + ":$2y$")) {
            throw new AssertionError("htpasswd -B did not make a bcrypt entry: " + entry);
        }
        Files.writeString(root.resolve("htpasswd"), entry + "\n");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Files.writeString(root.resolve("config.yml"), String.join("\n",
                "version: 0.1",
                "log:",
                "  level: warn",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + root.resolve("data"),
                "http:",
                "  addr: 127.0.0.1:" + port,
                "auth:",
                "  htpasswd:",
                "    realm: berth-test",
                "    path: " + root.resolve("htpasswd"),
                ""));
        Process process = new ProcessBuilder(registry.toString(), "serve", root.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("registry.log").toFile()).start();
        LocalRegistry started = new LocalRegistry(process, port, root);
        for (int i = 0; i < 100; i++) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return started;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
        }
        started.close();
        throw new AssertionError("docker-registry did not start: " + Files.readString(root.resolve("registry.log")));
    }

    public String host() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temporary files go with the machine's temp cleanup
        }
    }
}

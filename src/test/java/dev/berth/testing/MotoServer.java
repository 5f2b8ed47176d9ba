package dev.berth.testing;

import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.aws.AwsSettings;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * moto, an AWS emulator written outside this project, in server mode on a free port of 127.0.0.1
 * ({@code python3 -m moto.server -H 127.0.0.1 -p PORT}), for as long as a test class needs it. Where moto
 * cannot run here the test is skipped, saying why; under CI=true it fails instead.
 */
public final class MotoServer implements AutoCloseable {
    public static final String REGION = "us-east-1";
    /** The account moto answers for, whatever the credentials. */
    public static final String ACCOUNT = "123456789012";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts moto, or skips (fails under CI) when python3 or moto is missing. */
    public static MotoServer start() {
        String problem = motoProblem();
        if (problem != null) {
            RequiredTool.missing(problem);
        }
        try {
            int port = freePort();
            Path log = Files.createTempFile("moto-", ".log");
            log.toFile().deleteOnExit();
            Process process = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            MotoServer moto = new MotoServer(process, port, log);
            moto.awaitReady();
            return moto;
        } catch (IOException e) {
            throw new IllegalStateException("moto did not start", e);
        }
    }

    /** Why moto cannot run here, or null when it can: python3 on PATH with the moto package, version 5.x. */
    private static String motoProblem() {
        try {
            Process check = new ProcessBuilder("python3", "-c", "import moto, flask; print(moto.__version__)")
                    .redirectErrorStream(true).start();
            if (!check.waitFor(60, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                return "python3 -c 'import moto' did not finish within 60 s";
            }
            String out = new String(check.getInputStream().readAllBytes()).trim();
            if (check.exitValue() != 0) {
                return "moto is not importable by python3 (moto 5.2 with its server extras is needed): " + out;
            }
            return out.startsWith("5.") ? null : "moto " + out + " is not a 5.x release";
        } catch (IOException e) {
            return "python3 cannot be run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking for moto";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) endpoint().resolve("/moto-api/").toURL().openConnection();
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(5000);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto", e);
            }
        }
        close();
        throw new IllegalStateException("moto did not answer within " + START_TIMEOUT + ": " + Files.readString(log));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** SDK clients of moto, for setting up and looking at what berth did. */
    public AwsClients clients() {
        return new AwsClients(new AwsSettings(Optional.of(REGION), Optional.empty(), Optional.of(endpoint())),
                SimFixture.CREDENTIALS);
    }

    /** Runs a berth command against moto, in-process. */
    public CliRun berth(String... args) {
        return CliRun.run(java.util.Map.of("AWS_ENDPOINT_URL", endpoint().toString(), "AWS_REGION", REGION), args);
    }

    /** What moto logged, for a failing test's message. */
    public List<String> logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

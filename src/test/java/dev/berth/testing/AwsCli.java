package dev.berth.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real AWS CLI v2 against the simulator with test credentials and no user configuration. */
public final class AwsCli {
    public record Result(int exitCode, String stdout, String stderr) {
        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("aws printed no JSON: " + stdout + stderr, e);
            }
        }
    }

    private final Path aws;
    private final String endpoint;
    private final Path home;

    public AwsCli(String endpoint) throws IOException {
        this.aws = RequiredTool.awsCliV2();
        this.endpoint = endpoint;
        this.home = TempDirs.create("berth-awscli");
    }

    /** Writes the CLI's config file (AWS_CONFIG_FILE), e.g. to enable a plugin. */
    public AwsCli configure(String config) throws IOException {
        Files.writeString(home.resolve("config"), config);
        return this;
    }

    public Result run(String... args) throws IOException, InterruptedException {
        return start(args).join();
    }

    /** Starts the command; join the future for its result. */
    public CompletableFuture<Result> start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(aws.toString());
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", endpoint, "--output", "json", "--no-cli-pager"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_DEFAULT_REGION", SimFixture.REGION);
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("HOME", home.toString());
        Process process = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        return CompletableFuture.supplyAsync(() -> {
            try {
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError("aws " + String.join(" ", args) + " did not finish");
                }
                return new Result(process.exitValue(), out.join(), err.join());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

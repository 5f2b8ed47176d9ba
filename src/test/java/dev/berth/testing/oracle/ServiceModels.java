package dev.berth.testing.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.RequiredTool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * AWS's own service models, exported from the botocore on this machine by
 * {@code src/test/resources/oracle/export_models.py}: the operations and shapes of ECS,
 * CloudFormation, ECR, ELBv2, STS, S3, SSM, CloudWatch and Auto Scaling. Without python3 and botocore the test is skipped, saying
 * why; under CI=true it fails instead.
 */
public final class ServiceModels {
    private static final Path SCRIPT = Path.of("src/test/resources/oracle/export_models.py");
    private static ServiceModels loaded;
    private static String unavailable;

    private final JsonNode root;

    private ServiceModels(JsonNode root) {
        this.root = root;
    }

    /** Each test JVM exports its own copy: forks running at once never read a file another is writing. */
    private static Path exportPath() {
        return Path.of("target", "oracle", "botocore-models-" + ProcessHandle.current().pid() + ".json");
    }

    /** The models, exported once per test JVM into target/. */
    public static synchronized ServiceModels fromBotocore() {
        if (loaded == null) {
            Path out = exportPath();
            String problem = export(out);
            if (problem != null) {
                RequiredTool.missing(problem);
            }
            try {
                loaded = new ServiceModels(new ObjectMapper().readTree(out.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }

    /** The models when python3 and botocore are here; empty otherwise, without skipping anything. */
    public static synchronized java.util.Optional<ServiceModels> ifAvailable() {
        if (loaded == null && unavailable == null) {
            Path out = exportPath();
            unavailable = export(out);
            if (unavailable == null) {
                try {
                    loaded = new ServiceModels(new ObjectMapper().readTree(out.toFile()));
                } catch (IOException e) {
                    unavailable = e.getMessage();
                }
            }
        }
        return java.util.Optional.ofNullable(loaded);
    }

    private static String export(Path out) {
        try {
            Files.createDirectories(out.getParent());
            Process process = new ProcessBuilder("python3", SCRIPT.toString(), out.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return "python3 " + SCRIPT + " did not finish in 2 minutes";
            }
            if (process.exitValue() != 0) {
                return "python3 with botocore 1.43 is needed to export AWS's service models (" + output.strip() + ")";
            }
            return null;
        } catch (IOException e) {
            return "python3 cannot run here: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while exporting the service models";
        }
    }

    public String botocoreVersion() {
        return root.path("botocoreVersion").asText();
    }

    /** The model of the service with this SigV4 signing name (elbv2 signs as elasticloadbalancing). */
    public JsonNode service(String signingName) {
        for (Iterator<Map.Entry<String, JsonNode>> services = root.path("services").fields(); services.hasNext(); ) {
            JsonNode service = services.next().getValue();
            if (signingName.equals(service.path("signingName").asText())) {
                return service;
            }
        }
        return null;
    }
}

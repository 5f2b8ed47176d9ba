package dev.berth.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real tool a test drives. Where it cannot run here the test is skipped, saying why; under CI
 * (CI=true), where .ci/run installs it, a missing tool fails the test instead of hiding it.
 */
public final class RequiredTool {
    private RequiredTool() {
    }

    /** The AWS CLI v2 from Debian's awscli package, not a v1 that may stand earlier on PATH. */
    public static Path awsCliV2() {
        Path aws = Path.of("/usr/bin/aws");
        String problem = null;
        if (!Files.isExecutable(aws)) {
            problem = "/usr/bin/aws is not installed (Debian package awscli; .ci/run installs it)";
        } else {
            String version = versionOf(aws);
            if (version == null || !version.startsWith("aws-cli/2.")) {
                problem = "/usr/bin/aws is not the AWS CLI v2 (it says: " + version + ")";
            }
        }
        require(problem);
        return aws;
    }

    /** Skips the test (or, under CI, fails it) because a tool cannot run here. */
    public static void missing(String problem) {
        require(problem);
    }

    /** A tool from a Debian package at {@code path}, which tests drive. */
    public static Path tool(String path, String packageName) {
        Path tool = Path.of(path);
        require(Files.isExecutable(tool) ? null : path + " is not installed (Debian package " + packageName
                + "; .ci/run installs it)");
        return tool;
    }

    private static void require(String problem) {
        if (problem == null) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("required tool missing under CI: " + problem);
        }
        System.err.println("skipped: " + problem);
        Assumptions.abort(problem);
    }

    private static String versionOf(Path tool) {
        try {
            Process process = new ProcessBuilder(tool.toString(), "--version").redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return new String(process.getInputStream().readAllBytes()).trim();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

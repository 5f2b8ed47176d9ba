package dev.berth.cfn;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed facts are what tools/cfn_resource_types.py writes from the cfn-lint installed here. Without
 * python3 and cfn-lint the test is skipped, saying why; under CI (CI=true) that is a failure.
 */
class ResourceTypesFileTest {
    private static final Path SCRIPT = Path.of("tools", "cfn_resource_types.py");
    private static final Path COMMITTED = Path.of("resources", "dev", "berth", "cfn", "resource-types.tsv");

    @Test
    void theCommittedFileIsWhatTheScriptGenerates() throws Exception {
        String problem = cfnLintProblem();
        if (problem != null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("cannot regenerate the resource types under CI: " + problem);
            }
            System.err.println("skipped: " + problem);
            Assumptions.abort(problem);
        }
        Process process = new ProcessBuilder("python3", SCRIPT.toString(), "--stdout").start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        String generated = new String(out, StandardCharsets.UTF_8);
        String committed = Files.readString(COMMITTED);
        assertThat(ResourceTypes.parse(generated).source()).as("cfn-lint version the file was made from")
                .isEqualTo(ResourceTypes.parse(committed).source());
        assertThat(generated).as("run python3 " + SCRIPT + " to regenerate " + COMMITTED).isEqualTo(committed);
        assertThat(ResourceTypes.bundled().size()).isEqualTo(ResourceTypes.parse(generated).size());
    }

    /** Why the script cannot run here, or null. */
    private static String cfnLintProblem() throws InterruptedException {
        try {
            Process process = new ProcessBuilder("python3", "-c", "import cfnlint.schema").redirectErrorStream(true).start();
            String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return "python3 -c 'import cfnlint.schema' did not finish";
            }
            return process.exitValue() == 0 ? null : "cfn-lint is not importable by python3: " + said;
        } catch (IOException e) {
            return "python3 cannot run: " + e.getMessage();
        }
    }
}

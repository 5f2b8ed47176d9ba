package dev.berth;

import dev.berth.engine.push.ArchiveBuilder;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** berth push --tar verifies the archive before any registry or ECR call, and pushes a good one. */
class ArchivePushTest {
    private static SimFixture sim;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sim = SimFixture.start(10);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void anArchiveWhoseDiffIdsDoNotMatchItsLayersIsRefusedBeforeAnyCall() throws Exception {
        ArchiveBuilder archive = new ArchiveBuilder().layer("one", false).layer("two", true)
                .diffId(1, "sha256:" + "0".repeat(64));
        Path tar = archive.write(dir.resolve("wrong-diff-id.tar"));
        Map<String, Long> calls = sim.server().counters().received();

        CliRun run = CliRun.against(sim, "push", "--repository", "team/verified", "--tag", "1", "--tar", tar.toString());

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(3);
        assertThat(run.stderr()).contains("does not hold a usable image")
                .contains("layer 2 (" + archive.layerNames().get(1) + ") has the uncompressed digest sha256:")
                .contains("diff_id 2 is sha256:" + "0".repeat(64));
        assertThat(sim.server().counters().received()).as("no ECR or registry call at all").isEqualTo(calls);
    }

    @Test
    void anArchiveWithACompressedLayerIsVerifiedAndPushed() throws Exception {
        Path tar = new ArchiveBuilder().layer("plain", false).layer("compressed", true).write(dir.resolve("good.tar"));

        CliRun run = CliRun.against(sim, "push", "--repository", "team/verified", "--tag", "2", "--tar", tar.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).startsWith("PUSHED ").containsPattern("sha256:[0-9a-f]{64}");
    }
}

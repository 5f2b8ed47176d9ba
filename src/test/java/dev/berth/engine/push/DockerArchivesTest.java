package dev.berth.engine.push;

import dev.berth.engine.RefusedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A docker save archive is verified before a push: every file there, one diff_id per layer, each layer's digest right. */
class DockerArchivesTest {
    private static final String OTHER = "sha256:" + "ab".repeat(32);

    @TempDir
    Path dir;

    @Test
    void aGoodArchiveWithPlainAndCompressedLayersPasses() throws Exception {
        Path tar = new ArchiveBuilder().layer("one", false).layer("two", true).write(dir.resolve("good.tar"));
        assertThatCode(() -> DockerArchives.requireDockerSave(tar)).doesNotThrowAnyException();
    }

    @Test
    void aCompressedLayerIsJudgedByItsUncompressedDigest() throws Exception {
        ArchiveBuilder archive = new ArchiveBuilder().layer("one", true);
        // the diff_id of a gzip layer is the digest of the tar inside, never of the gzip stream
        String compressedDigest = ArchiveBuilder.sha256(extract(archive, archive.layerNames().get(0)));
        Path wrong = archive.diffId(0, compressedDigest).write(dir.resolve("compressed-digest.tar"));
        assertThatThrownBy(() -> DockerArchives.requireDockerSave(wrong)).isInstanceOf(RefusedException.class)
                .hasMessageContaining("layer 1 (" + archive.layerNames().get(0) + ") has the uncompressed digest sha256:")
                .hasMessageContaining("but the config's diff_id 1 is " + compressedDigest);
    }

    @Test
    void aWrongDiffIdIsRefusedNamingTheLayerAndBothDigests() throws Exception {
        ArchiveBuilder archive = new ArchiveBuilder().layer("one", false).layer("two", false).diffId(1, OTHER);
        Path tar = archive.write(dir.resolve("wrong.tar"));
        assertThatThrownBy(() -> DockerArchives.requireDockerSave(tar)).isInstanceOf(RefusedException.class)
                .hasMessageContaining("does not hold a usable image")
                .hasMessageContaining("layer 2 (" + archive.layerNames().get(1) + ")")
                .hasMessageContaining("diff_id 2 is " + OTHER);
    }

    @Test
    void aMissingLayerFileIsRefused() throws Exception {
        ArchiveBuilder archive = new ArchiveBuilder().layer("one", false).layer("two", false);
        Path tar = archive.removeFile(archive.layerNames().get(0)).write(dir.resolve("missing.tar"));
        assertThatThrownBy(() -> DockerArchives.requireDockerSave(tar)).isInstanceOf(RefusedException.class)
                .hasMessageContaining("names the layer '" + archive.layerNames().get(0) + "', which the archive does not hold");
    }

    @Test
    void moreDiffIdsThanLayersAreRefused() throws Exception {
        Path tar = new ArchiveBuilder().layer("one", false).extraDiffId(OTHER).write(dir.resolve("extra-diff-id.tar"));
        assertThatThrownBy(() -> DockerArchives.requireDockerSave(tar)).isInstanceOf(RefusedException.class)
                .hasMessageContaining("lists 2 diff_ids but its manifest 1 layers");
    }

    @Test
    void anExtraLayerWithoutItsDiffIdIsRefused() throws Exception {
        Path tar = new ArchiveBuilder().layer("one", false).layer("two", false).dropLastDiffId().write(dir.resolve("extra-layer.tar"));
        assertThatThrownBy(() -> DockerArchives.requireDockerSave(tar)).isInstanceOf(RefusedException.class)
                .hasMessageContaining("lists 1 diff_ids but its manifest 2 layers");
    }

    @Test
    void anArchiveCutInsideALayerIsRefused() throws Exception {
        byte[] whole = new ArchiveBuilder().layer("one", false).layer("two".repeat(1000), false).bytes();
        Path tar = Files.write(dir.resolve("cut.tar"), Arrays.copyOf(whole, whole.length - 3000));
        assertThatThrownBy(() -> DockerArchives.requireDockerSave(tar)).isInstanceOf(RefusedException.class)
                .hasMessageContaining("ends inside the entry");
    }

    @Test
    void aTruncatedCompressedLayerIsRefused() throws Exception {
        ArchiveBuilder archive = new ArchiveBuilder().layer("one".repeat(500), true);
        String name = archive.layerNames().get(0);
        byte[] layer = extract(archive, name);
        Path tar = archive.replaceFile(name, Arrays.copyOf(layer, layer.length / 2)).write(dir.resolve("truncated-gzip.tar"));
        assertThatThrownBy(() -> DockerArchives.requireDockerSave(tar)).isInstanceOf(RefusedException.class)
                .hasMessageContaining(name);
    }

    @Test
    void aBlobWhoseContentIsNotItsNameIsRefused() throws Exception {
        ArchiveBuilder archive = new ArchiveBuilder().layer("one", true);
        String name = archive.layerNames().get(0);
        Path tar = archive.replaceFile(name, ArchiveBuilder.gzip(ArchiveBuilder.tar(java.util.Map.of("other.txt", new byte[3]))))
                .write(dir.resolve("renamed.tar"));
        assertThatThrownBy(() -> DockerArchives.requireDockerSave(tar)).isInstanceOf(RefusedException.class)
                .hasMessageContaining(name + " is named after");
    }

    private static byte[] extract(ArchiveBuilder archive, String name) throws Exception {
        Path tmp = Files.createTempFile("archive", ".tar");
        try {
            Files.write(tmp, archive.bytes());
            TarIndex index = TarIndex.read(tmp);
            return index.readAll(index.find(name), 1 << 20);
        } finally {
            Files.delete(tmp);
        }
    }
}

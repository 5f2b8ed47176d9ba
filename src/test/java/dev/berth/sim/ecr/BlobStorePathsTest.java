package dev.berth.sim.ecr;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No upload id or digest, however spelled, names a file outside the store's own folders. */
class BlobStorePathsTest {
    private final BlobStore store = new BlobStore();

    @AfterEach
    void close() {
        store.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "../blobs", "/etc/passwd", "a\u0000b", "%2e%2e", "..\\..", "", "ABCDEF01-2345-6789-abcd-ef0123456789"})
    void uploadIdsOtherThanItsOwnAreRefused(String id) {
        assertThat(BlobStore.isUploadId(id)).isFalse();
        assertThatThrownBy(() -> store.upload(id)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:..", "sha256:../../x", "/tmp/x",
            "sha256:A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0A0",
            "sha512:abababababababababababababababababababababababababababababababab",
            "sha256:ababababababababababababababababababababababababababababababab"})
    void digestsOtherThanSha256AreRefused(String digest) {
        assertThat(BlobStore.isDigest(digest)).isFalse();
        assertThatThrownBy(() -> store.blob(digest)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itsOwnUploadIdsAndDigestsResolveInsideTheStore() throws Exception {
        String id = UUID.randomUUID().toString();
        store.startUpload(id);
        assertThat(store.uploadExists(id)).isTrue();
        assertThat(store.upload(id).getParent().getFileName().toString()).isEqualTo("uploads");
        String digest = "sha256:" + "ab".repeat(32);
        assertThat(store.blob(digest).getParent().getFileName().toString()).isEqualTo("blobs");
    }
}

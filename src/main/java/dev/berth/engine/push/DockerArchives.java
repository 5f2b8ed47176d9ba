package dev.berth.engine.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.RefusedException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Verifies a {@code docker save} archive (Docker's manifest.json, with or without an OCI layout
 * beside it) before anything is pushed: every file the manifest names is in the archive, the
 * config's {@code rootfs.diff_ids} has one entry per layer, and each layer, uncompressed, has
 * exactly the digest its diff_id says. A registry would accept an archive that fails these; no
 * runtime could use the image.
 */
final class DockerArchives {
    private static final int METADATA_LIMIT = 16 << 20;
    private static final Pattern BLOB_NAME = Pattern.compile("(?:.*/)?(?:blobs/sha256/)?([0-9a-f]{64})(?:\\.json)?");

    private DockerArchives() {
    }

    static void requireDockerSave(Path tar) {
        if (!Files.isRegularFile(tar) || !Files.isReadable(tar)) {
            throw new RefusedException("cannot read " + tar + ": no such readable file");
        }
        try {
            TarIndex index = TarIndex.read(tar);
            TarIndex.Entry manifest = index.find("manifest.json");
            if (manifest == null) {
                throw TarIndex.notAnArchive(tar, "it has no manifest.json");
            }
            JsonNode images = json(tar, "manifest.json", index.readAll(manifest, METADATA_LIMIT));
            if (!images.isArray() || images.isEmpty()) {
                throw TarIndex.notAnArchive(tar, "its manifest.json lists no image");
            }
            for (JsonNode image : images) {
                verifyImage(tar, index, image);
            }
        } catch (IOException e) {
            throw new RefusedException("cannot read " + tar + ": " + e.getMessage(), e);
        }
    }

    private static void verifyImage(Path tar, TarIndex index, JsonNode image) throws IOException {
        String configName = image.path("Config").asText("");
        List<String> layers = new ArrayList<>();
        image.path("Layers").forEach(layer -> layers.add(layer.asText("")));
        TarIndex.Entry config = present(tar, index, configName, "config");
        byte[] configBytes = index.readAll(config, METADATA_LIMIT);
        requireNamedDigest(tar, configName, sha256(configBytes));
        JsonNode diffIds = json(tar, configName, configBytes).path("rootfs").path("diff_ids");
        if (diffIds.size() != layers.size()) {
            throw refused(tar, "its config " + configName + " lists " + diffIds.size() + " diff_ids but its manifest "
                    + layers.size() + " layers");
        }
        for (int i = 0; i < layers.size(); i++) {
            TarIndex.Entry layer = present(tar, index, layers.get(i), "layer");
            String expected = diffIds.get(i).asText("");
            Digests digests = digests(tar, index, layer);
            requireNamedDigest(tar, layers.get(i), digests.stored());
            if (!digests.uncompressed().equals(expected)) {
                throw refused(tar, "layer " + (i + 1) + " (" + layers.get(i) + ") has the uncompressed digest "
                        + digests.uncompressed() + " but the config's diff_id " + (i + 1) + " is " + expected);
            }
        }
    }

    private static TarIndex.Entry present(Path tar, TarIndex index, String name, String what) {
        TarIndex.Entry entry = name.isEmpty() ? null : index.find(name);
        if (entry == null) {
            throw refused(tar, "its manifest.json names the " + what + " '" + name + "', which the archive does not hold");
        }
        return entry;
    }

    /** A file named after its digest (the OCI layout's blobs/sha256/HEX, docker's HEX.json) must have that digest. */
    private static void requireNamedDigest(Path tar, String name, String digest) {
        Matcher m = BLOB_NAME.matcher(name);
        if (m.matches() && (name.contains("blobs/sha256/") || name.endsWith(".json"))
                && !digest.equals("sha256:" + m.group(1))) {
            throw refused(tar, name + " is named after sha256:" + m.group(1) + " but its content has the digest " + digest);
        }
    }

    private record Digests(String stored, String uncompressed) {
    }

    /** The digest of the layer as stored, and of its content uncompressed (gzip is undone; a plain tar is its own). */
    private static Digests digests(Path tar, TarIndex index, TarIndex.Entry layer) {
        MessageDigest stored = sha256();
        MessageDigest uncompressed = sha256();
        try (InputStream raw = new BufferedInputStream(new DigestInputStream(index.open(layer), stored))) {
            raw.mark(4);
            byte[] magic = raw.readNBytes(4);
            raw.reset();
            if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f) {
                throw refused(tar, "layer " + layer.name() + " is zstd-compressed, which berth cannot verify");
            }
            boolean gzip = magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
            try (InputStream content = new DigestInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw, uncompressed)) {
                content.transferTo(java.io.OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            throw refused(tar, "layer " + layer.name() + " is truncated or corrupt (" + e.getMessage() + ")");
        }
        return new Digests(hex(stored), hex(uncompressed));
    }

    private static JsonNode json(Path tar, String name, byte[] bytes) {
        try {
            return new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            throw refused(tar, name + " is not valid JSON");
        }
    }

    private static RefusedException refused(Path tar, String why) {
        return new RefusedException("the archive " + tar + " does not hold a usable image: " + why);
    }

    private static String sha256(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static String hex(MessageDigest digest) {
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

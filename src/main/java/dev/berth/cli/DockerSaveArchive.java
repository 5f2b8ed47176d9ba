package dev.berth.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes small, valid {@code docker save} archives: one layer holding one file, a config, a manifest.
 * The demo pushes its releases from these, with no Docker daemon; tests use them the same way.
 */
public final class DockerSaveArchive {
    private DockerSaveArchive() {
    }

    /** An image whose single file {@code /hello.txt} holds {@code content}; different content, different image. */
    public static Path write(Path file, String content) throws IOException {
        byte[] layer = tar(new Entry("hello.txt", content.getBytes(StandardCharsets.UTF_8)));
        String diffId = "sha256:" + sha256(layer);
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/hello\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]},\"history\":[{\"created_by\":\"berth test\"}]}";
        String configName = sha256(config.getBytes(StandardCharsets.UTF_8)) + ".json";
        String layerName = sha256(layer) + "/layer.tar";
        String manifest = "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"berth-test:latest\"],\"Layers\":[\"" + layerName + "\"]}]";
        Files.write(file, tar(new Entry(configName, config.getBytes(StandardCharsets.UTF_8)), new Entry(layerName, layer),
                new Entry("manifest.json", manifest.getBytes(StandardCharsets.UTF_8))));
        return file;
    }

    private record Entry(String name, byte[] content) {
    }

    private static byte[] tar(Entry... entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry entry : entries) {
            byte[] header = new byte[512];
            put(header, 0, entry.name());
            put(header, 100, "0000644");
            put(header, 108, "0000000");
            put(header, 116, "0000000");
            put(header, 124, String.format("%011o", entry.content().length));
            put(header, 136, String.format("%011o", 0));
            for (int i = 148; i < 156; i++) {
                header[i] = ' ';
            }
            header[156] = '0';
            put(header, 257, "ustar");
            put(header, 263, "00");
            long sum = 0;
            for (byte b : header) {
                sum += b & 0xff;
            }
            put(header, 148, String.format("%06o", sum));
            header[154] = 0;
            header[155] = ' ';
            out.write(header);
            out.write(entry.content());
            int pad = (512 - entry.content().length % 512) % 512;
            out.write(new byte[pad]);
        }
        out.write(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

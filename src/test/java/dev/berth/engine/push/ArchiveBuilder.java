package dev.berth.engine.push;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds docker save archives by hand, right or wrong in exactly one way, for the archive checks. */
public final class ArchiveBuilder {
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final List<String> layerNames = new ArrayList<>();
    private final List<String> diffIds = new ArrayList<>();

    /** A layer tar holding one file; {@code gzip} stores it compressed, as newer docker and OCI archives may. */
    public ArchiveBuilder layer(String content, boolean gzip) throws IOException {
        byte[] layer = tar(Map.of("hello.txt", content.getBytes(StandardCharsets.UTF_8)));
        byte[] stored = gzip ? gzip(layer) : layer;
        String name = gzip ? "blobs/sha256/" + sha256(stored).substring(7) : sha256(layer).substring(7) + "/layer.tar";
        files.put(name, stored);
        layerNames.add(name);
        diffIds.add(sha256(layer));
        return this;
    }

    public ArchiveBuilder diffId(int index, String digest) {
        diffIds.set(index, digest);
        return this;
    }

    public ArchiveBuilder extraDiffId(String digest) {
        diffIds.add(digest);
        return this;
    }

    public ArchiveBuilder dropLastDiffId() {
        diffIds.remove(diffIds.size() - 1);
        return this;
    }

    public ArchiveBuilder removeFile(String name) {
        files.remove(name);
        return this;
    }

    public ArchiveBuilder replaceFile(String name, byte[] content) {
        files.put(name, content);
        return this;
    }

    public List<String> layerNames() {
        return layerNames;
    }

    /** The whole archive: config, layers and manifest.json, in a tar. */
    public byte[] bytes() throws IOException {
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/hello\"]},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[" + String.join(",", diffIds.stream().map(d -> "\"" + d + "\"").toList()) + "]}}";
        String configName = sha256(config.getBytes(StandardCharsets.UTF_8)).substring(7) + ".json";
        String manifest = "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"hand:made\"],\"Layers\":["
                + String.join(",", layerNames.stream().map(l -> "\"" + l + "\"").toList()) + "]}]";
        Map<String, byte[]> all = new LinkedHashMap<>();
        all.put(configName, config.getBytes(StandardCharsets.UTF_8));
        all.putAll(files);
        all.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
        return tar(all);
    }

    public Path write(Path file) throws IOException {
        return Files.write(file, bytes());
    }

    static byte[] tar(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            byte[] header = new byte[512];
            put(header, 0, entry.getKey());
            put(header, 100, "0000644");
            put(header, 108, "0000000");
            put(header, 116, "0000000");
            put(header, 124, String.format("%011o", entry.getValue().length));
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
            out.write(header);
            out.write(entry.getValue());
            out.write(new byte[(512 - entry.getValue().length % 512) % 512]);
        }
        out.write(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    public static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

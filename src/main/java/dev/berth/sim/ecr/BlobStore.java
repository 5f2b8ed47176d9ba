package dev.berth.sim.ecr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The registry's content, kept on disk by digest so that real images fit: finished blobs, and
 * uploads in progress (appended to chunk by chunk). Digests are verified when an upload ends.
 */
final class BlobStore implements AutoCloseable {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private final Path root;
    private final Map<String, Long> sizes = new ConcurrentHashMap<>();

    BlobStore() {
        try {
            root = Files.createTempDirectory("berth-sim-registry");
            Files.createDirectories(root.resolve("blobs"));
            Files.createDirectories(root.resolve("uploads"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the registry's storage", e);
        }
    }

    boolean has(String digest) {
        return sizes.containsKey(digest);
    }

    long size(String digest) {
        Long size = sizes.get(digest);
        return size == null ? -1 : size;
    }

    /** Whether {@code digest} is a sha256 digest, the only name a blob's file may have. */
    static boolean isDigest(String digest) {
        return digest != null && DIGEST.matcher(digest).matches();
    }

    /** Whether {@code id} has the form this store gives uploads (a UUID), the only name an upload's file may have. */
    static boolean isUploadId(String id) {
        return id != null && UPLOAD_ID.matcher(id).matches();
    }

    Path blob(String digest) {
        if (!isDigest(digest)) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest.length() + " characters");
        }
        return root.resolve("blobs").resolve(digest.replace(':', '_'));
    }

    Path upload(String uuid) {
        if (!isUploadId(uuid)) {
            throw new IllegalArgumentException("not an upload id: " + uuid.length() + " characters");
        }
        return root.resolve("uploads").resolve(uuid);
    }

    void startUpload(String uuid) throws IOException {
        Files.write(upload(uuid), new byte[0]);
    }

    /** Appends a chunk to an upload; returns the upload's size afterwards. */
    long append(String uuid, InputStream chunk) throws IOException {
        Path path = upload(uuid);
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.APPEND)) {
            chunk.transferTo(out);
        }
        return Files.size(path);
    }

    long uploadSize(String uuid) throws IOException {
        return Files.size(upload(uuid));
    }

    boolean uploadExists(String uuid) {
        return Files.exists(upload(uuid));
    }

    /** Ends an upload: keeps it as a blob if its content has {@code digest}, else discards it and returns null. */
    String finish(String uuid, String digest) throws IOException {
        Path path = upload(uuid);
        String actual = digestOf(path);
        if (!actual.equals(digest)) {
            Files.deleteIfExists(path);
            return null;
        }
        long size = Files.size(path);
        Files.move(path, blob(digest), StandardCopyOption.REPLACE_EXISTING);
        sizes.put(digest, size);
        return digest;
    }

    void cancel(String uuid) throws IOException {
        Files.deleteIfExists(upload(uuid));
    }

    static String digestOf(Path path) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, read);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    static String digestOf(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public void close() {
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // the temporary directory goes with the machine's temp cleanup
        }
    }
}

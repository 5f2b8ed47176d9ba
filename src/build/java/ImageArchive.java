import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Builds berth's container image without a Docker daemon or a registry, as an archive that
 * {@code docker load} accepts (manifest.json) and that is also an OCI image layout (index.json).
 * Run at package time as a single-file program:
 *
 * <pre>java src/build/java/ImageArchive.java DIST_DIR WORK_DIR OUTPUT TAG</pre>
 *
 * Three layers: the base (the shared libraries the Java runtime links, found with ldd; a static
 * busybox for a shell; /etc/passwd with the user berth), a Java runtime made by jlink from the
 * modules jdeps finds in berth.jar, and berth's distribution under /opt/berth.
 */
public final class ImageArchive {
    static final int UID = 10001;
    static final String USER = "berth";
    static final String BUSYBOX = "/bin/busybox";
    /** The runtime's AWT, sound and font libraries: never loaded by berth, which draws no window. */
    static final Pattern DESKTOP = Pattern.compile("lib(awt.*|fontmanager|jawt|splashscreen|lcms|javajpeg|mlib_image|jsound)\\.so");

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: ImageArchive DIST_DIR WORK_DIR OUTPUT TAG");
        }
        Path dist = Path.of(args[0]);
        Path work = Path.of(args[1]);
        Path runtime = jlink(dist.resolve("berth.jar"), work.resolve("runtime"));
        if (!Files.isExecutable(Path.of(BUSYBOX))) {
            throw new IllegalStateException(BUSYBOX + " is missing: install the Debian package busybox-static");
        }
        List<byte[]> layers = List.of(base(runtime), tree(runtime, "opt/berth/runtime"), tree(dist, "opt/berth"));
        Files.write(Path.of(args[2]), ImageLayout.archive(layers, config(), args[3]));
        System.out.println("image " + args[3] + " written to " + args[2]);
    }

    /** A Java runtime of the modules berth.jar uses, plus elliptic-curve TLS (a provider jdeps cannot see). */
    static Path jlink(Path jar, Path output) throws IOException {
        String modules = tool("jdeps", "--multi-release", "17", "--ignore-missing-deps", "--print-module-deps", jar.toString()).strip();
        if (!modules.matches("[a-z0-9.,]+")) {
            throw new IllegalStateException("jdeps gave no module list: " + modules);
        }
        delete(output);
        tool("jlink", "--add-modules", modules + ",jdk.crypto.ec", "--strip-debug", "--no-header-files", "--no-man-pages",
                "--generate-cds-archive", "--output", output.toString());
        return output;
    }

    static String tool(String name, String... args) {
        ToolProvider tool = ToolProvider.findFirst(name).orElseThrow(() -> new IllegalStateException(name + " is not in this JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = tool.run(new PrintWriter(out), new PrintWriter(err), args);
        if (status != 0) {
            throw new IllegalStateException(name + " failed (" + status + "): " + err + out);
        }
        return out.toString();
    }

    /** The base layer: libraries at the paths ldd resolves them to, busybox, users, /tmp and berth's home. */
    static byte[] base(Path runtime) throws IOException, InterruptedException {
        Tar tar = new Tar();
        tar.directory("etc", 0755, 0);
        tar.file("etc/passwd", ("root:x:0:0:root:/root:/bin/sh\n" + USER + ":x:" + UID + ":" + UID + ":berth:/home/" + USER + ":/bin/sh\n")
                .getBytes(StandardCharsets.UTF_8), 0644, 0);
        tar.file("etc/group", ("root:x:0:\n" + USER + ":x:" + UID + ":\n").getBytes(StandardCharsets.UTF_8), 0644, 0);
        tar.directory("tmp", 01777, 0);
        tar.directory("root", 0700, 0);
        tar.directory("home", 0755, 0);
        tar.directory("home/" + USER, 0755, UID);
        for (String library : libraries(runtime)) {
            tar.parents(library.substring(1));
            tar.file(library.substring(1), Files.readAllBytes(Path.of(library)), 0755, 0);
        }
        tar.parents("bin/busybox");
        tar.file("bin/busybox", Files.readAllBytes(Path.of(BUSYBOX)), 0755, 0);
        for (String applet : run(BUSYBOX, "--list").split("\n")) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                tar.symlink("bin/" + applet.strip(), "busybox");
            }
        }
        return tar.finish();
    }

    /** What bin/java, libjvm.so and the runtime's other libraries link, from ldd: absolute paths. */
    static TreeSet<String> libraries(Path runtime) throws IOException, InterruptedException {
        List<Path> objects = new ArrayList<>(List.of(runtime.resolve("bin/java")));
        try (Stream<Path> files = Files.walk(runtime.resolve("lib"))) {
            files.filter(p -> p.toString().endsWith(".so") && !DESKTOP.matcher(p.getFileName().toString()).matches()).forEach(objects::add);
        }
        TreeSet<String> found = new TreeSet<>();
        Pattern path = Pattern.compile("(?:=> )?(/[^ ]+) \\(0x");
        for (Path object : objects) {
            for (String line : run("ldd", object.toString()).split("\n")) {
                Matcher m = path.matcher(line.strip());
                if (m.find() && !m.group(1).startsWith(runtime.toAbsolutePath().toString())) {
                    found.add(m.group(1));
                }
                String missing = line.strip().split(" ")[0];
                // libjvm.so and the runtime's own libraries are found through the runtime's RUNPATH, not by ldd
                if (line.contains("not found") && !Files.exists(runtime.resolve("lib").resolve(missing))
                        && !Files.exists(runtime.resolve("lib/server").resolve(missing))) {
                    throw new IllegalStateException(object + " links a library this machine lacks: " + line.strip());
                }
            }
        }
        return found;
    }

    /** Every file and folder under {@code root}, at {@code prefix}, with its permissions; symlinks kept. */
    static byte[] tree(Path root, String prefix) throws IOException {
        Tar tar = new Tar();
        tar.parents(prefix + "/x");
        tar.directory(prefix, 0755, 0);
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(p -> !p.equals(root)).sorted().toList();
        }
        for (Path p : paths) {
            String name = prefix + "/" + root.relativize(p).toString().replace('\\', '/');
            if (Files.isSymbolicLink(p)) {
                tar.symlink(name, Files.readSymbolicLink(p).toString());
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                tar.directory(name, 0755, 0);
            } else {
                tar.file(name, Files.readAllBytes(p), Files.isExecutable(p) ? 0755 : 0644, 0);
            }
        }
        return tar.finish();
    }

    /** berth as the entrypoint, as the user berth, with the image's Java. */
    static String config() {
        return "{\"User\":\"" + UID + ":" + UID + "\",\"Entrypoint\":[\"/opt/berth/bin/berth\"],"
                + "\"Env\":[\"PATH=/opt/berth/bin:/opt/berth/runtime/bin:/bin\",\"BERTH_JAVA=/opt/berth/runtime\","
                + "\"HOME=/home/" + USER + "\",\"AWS_PAGER=\"],\"WorkingDir\":\"/home/" + USER + "\","
                + "\"Labels\":{\"org.opencontainers.image.title\":\"berth\"}}";
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    static void delete(Path path) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

/** The image archive: blobs named by digest, an OCI index and Docker's manifest.json over the same blobs. */
final class ImageLayout {
    static byte[] archive(List<byte[]> layers, String containerConfig, String tag) throws IOException {
        Tar tar = new Tar();
        tar.directory("blobs", 0755, 0);
        tar.directory("blobs/sha256", 0755, 0);
        StringBuilder diffIds = new StringBuilder();
        StringBuilder ociLayers = new StringBuilder();
        StringBuilder dockerLayers = new StringBuilder();
        for (byte[] layer : layers) {
            String digest = ImageArchive.sha256(layer);
            tar.file("blobs/sha256/" + digest, layer, 0644, 0);
            String comma = diffIds.length() == 0 ? "" : ",";
            diffIds.append(comma).append("\"sha256:").append(digest).append('"');
            ociLayers.append(comma).append(descriptor("application/vnd.oci.image.layer.v1.tar", digest, layer.length));
            dockerLayers.append(comma).append("\"blobs/sha256/").append(digest).append('"');
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"1970-01-01T00:00:01Z\",\"config\":" + containerConfig
                + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]},"
                + "\"history\":[{\"created_by\":\"berth ImageArchive: base\"},{\"created_by\":\"berth ImageArchive: jlink\"},"
                + "{\"created_by\":\"berth ImageArchive: distribution\"}]}").getBytes(StandardCharsets.UTF_8);
        String configDigest = ImageArchive.sha256(config);
        tar.file("blobs/sha256/" + configDigest, config, 0644, 0);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                + descriptor("application/vnd.oci.image.config.v1+json", configDigest, config.length)
                + ",\"layers\":[" + ociLayers + "]}").getBytes(StandardCharsets.UTF_8);
        String manifestDigest = ImageArchive.sha256(manifest);
        tar.file("blobs/sha256/" + manifestDigest, manifest, 0644, 0);
        String annotated = descriptor("application/vnd.oci.image.manifest.v1+json", manifestDigest, manifest.length);
        annotated = annotated.substring(0, annotated.length() - 1) + ",\"annotations\":{\"io.containerd.image.name\":\"docker.io/library/"
                + tag + "\",\"org.opencontainers.image.ref.name\":\"" + tag.substring(tag.indexOf(':') + 1) + "\"}}";
        tar.file("index.json", ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + annotated + "]}").getBytes(StandardCharsets.UTF_8), 0644, 0);
        tar.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8), 0644, 0);
        tar.file("manifest.json", ("[{\"Config\":\"blobs/sha256/" + configDigest + "\",\"RepoTags\":[\"" + tag + "\"],\"Layers\":["
                + dockerLayers + "]}]").getBytes(StandardCharsets.UTF_8), 0644, 0);
        return tar.finish();
    }

    static String descriptor(String mediaType, String digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"sha256:" + digest + "\",\"size\":" + size + "}";
    }
}

/** A ustar archive in memory, reproducible: every entry has the same time and numeric owners only. */
final class Tar {
    private static final long MTIME = 1;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Boolean> written = new TreeMap<>();

    void directory(String name, int mode, int owner) {
        if (written.putIfAbsent(name + "/", true) == null) {
            header(name + "/", '5', 0, mode, owner, "");
        }
    }

    /** The folders above {@code name}, each once. */
    void parents(String name) {
        int slash = name.indexOf('/');
        while (slash > 0) {
            directory(name.substring(0, slash), 0755, 0);
            slash = name.indexOf('/', slash + 1);
        }
    }

    void file(String name, byte[] content, int mode, int owner) {
        if (written.putIfAbsent(name, true) != null) {
            return;
        }
        header(name, '0', content.length, mode, owner, "");
        out.writeBytes(content);
        out.writeBytes(new byte[(512 - content.length % 512) % 512]);
    }

    void symlink(String name, String target) {
        if (written.putIfAbsent(name, true) == null) {
            header(name, '2', 0, 0777, 0, target);
        }
    }

    byte[] finish() {
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private void header(String name, char type, long size, int mode, int owner, String link) {
        byte[] h = new byte[512];
        String prefix = "";
        if (name.length() > 100) {
            int cut = name.lastIndexOf('/', name.length() - 2);
            while (cut > 155) {
                cut = name.lastIndexOf('/', cut - 1);
            }
            if (cut <= 0 || name.length() - cut - 1 > 100) {
                throw new IllegalArgumentException("path too long for a ustar archive: " + name);
            }
            prefix = name.substring(0, cut);
            name = name.substring(cut + 1);
        }
        put(h, 0, 100, name);
        put(h, 100, 8, octal(mode, 7));
        put(h, 108, 8, octal(owner, 7));
        put(h, 116, 8, octal(owner, 7));
        put(h, 124, 12, octal(size, 11));
        put(h, 136, 12, octal(MTIME, 11));
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        put(h, 345, 155, prefix);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 8, octal(sum, 6) + "\0 ");
        out.writeBytes(h);
    }

    private static String octal(long value, int digits) {
        String s = Long.toOctalString(value);
        return "0".repeat(Math.max(0, digits - s.length())) + s;
    }

    private static void put(byte[] h, int at, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > length) {
            throw new IllegalArgumentException("tar field too long: " + value);
        }
        System.arraycopy(bytes, 0, h, at, bytes.length);
    }
}

package dev.berth;

import dev.berth.testing.Distribution;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distribution as users install it: the tarball unpacked into a fresh folder, a symlink to
 * bin/berth on PATH, run under Java 17 (class-data sharing) and Java 25 (the ahead-of-time cache),
 * two runs at once on a cold cache.
 */
class DistributionIT {
    @TempDir
    static Path dir;
    static Path home;
    static Path onPath;
    static SimFixture sim;

    @BeforeAll
    static void install() throws Exception {
        home = Distribution.unpack(Files.createDirectory(dir.resolve("opt")));
        onPath = Files.createDirectory(dir.resolve("path"));
        Files.createSymbolicLink(onPath.resolve("berth"), home.resolve("bin/berth"));
        sim = SimFixture.start(20);
        EcsClient ecs = sim.ecs();
        ecs.createCluster(r -> r.clusterName("dist"));
        ecs.registerTaskDefinition(r -> r.family("dist").containerDefinitions(c -> c.name("app").image("repo/web:1").memory(128).essential(true)));
        ecs.createService(r -> r.cluster("dist").serviceName("web").taskDefinition("dist:1").desiredCount(1));
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void theTarballHoldsTheLauncherTheJarAndTheReadme() throws IOException {
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/berth"))).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE);
        try (Stream<Path> files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("NOTICE", "README.md", "berth.jar", "bin");
        }
    }

    @Test
    void versionThroughTheSymlinkOnPathUnderJava17And25() throws Exception {
        String version = Distribution.version();
        for (Path java : List.of(Distribution.java17(), Distribution.java25())) {
            Run run = Run.start(env(java, dir.resolve("cache-version")), "--version").finish();
            assertThat(run.exit).as(run.stderr).isZero();
            assertThat(run.stdout.strip()).isEqualTo("berth " + version);
        }
    }

    @Test
    void twoColdRunsAtOnceUnderEachJavaThenTheCacheIsUsedAndADamagedOneIsIgnored() throws Exception {
        Map<Path, String> javas = Map.of(Distribution.java17(), ".cds", Distribution.java25(), ".aot");
        List<Run> runs = new ArrayList<>();
        for (Path java : javas.keySet()) {
            Map<String, String> env = env(java, Files.createDirectory(dir.resolve("cache-" + java.getFileName())));
            runs.add(Run.start(env, "status", "--cluster", "dist", "--service", "web"));
            runs.add(Run.start(env, "status", "--cluster", "dist", "--service", "web"));
        }
        for (Run run : runs) {
            run.finish();
            assertThat(run.exit).as(run.stderr).isZero();
            assertThat(run.stdout).startsWith("dist/web  ACTIVE  dist:1");
        }
        for (Map.Entry<Path, String> java : javas.entrySet()) {
            Path cache = dir.resolve("cache-" + java.getKey().getFileName()).resolve("berth");
            Path file = trainedCache(cache, java.getValue());
            Path log = dir.resolve("classes-" + java.getKey().getFileName() + ".log");
            Map<String, String> env = env(java.getKey(), cache.getParent());
            env.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + log);
            Run cached = Run.start(env, "status", "--cluster", "dist", "--service", "web").finish();
            assertThat(cached.exit).as(cached.stderr).isZero();
            assertThat(Files.readString(log)).as("berth's classes come from the cache " + file)
                    .containsPattern("dev\\.berth\\.cli\\.Main source: shared objects file");

            Files.write(file, "not a cache".getBytes(StandardCharsets.UTF_8));
            Run damaged = Run.start(env(java.getKey(), cache.getParent()), "status", "--cluster", "dist", "--service", "web").finish();
            assertThat(damaged.exit).as(damaged.stderr).isZero();
            assertThat(damaged.stdout).startsWith("dist/web  ACTIVE  dist:1");
            assertThat(damaged.stderr).as("a damaged cache is not worth a warning").isEmpty();
        }
    }

    @Test
    void aCacheFolderThatCannotBeWrittenStillRunsTheCommand() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("cache-file"), "a file where the cache folder would go");
        for (Path java : List.of(Distribution.java17(), Distribution.java25())) {
            Run run = Run.start(env(java, notAFolder), "status", "--cluster", "dist", "--service", "web").finish();
            assertThat(run.exit).as(run.stderr).isZero();
            assertThat(run.stdout).startsWith("dist/web  ACTIVE  dist:1");
            assertThat(run.stderr).isEmpty();
        }
        assertThat(Files.readString(notAFolder)).isEqualTo("a file where the cache folder would go");
    }

    @Test
    void theJavaIsBerthJavaElseJavaHomeElseTheOneOnPath() throws Exception {
        Path java17 = Distribution.java17();
        Path java25 = Distribution.java25();
        Path onlyJava17 = Files.createDirectories(dir.resolve("java17-path"));
        Files.createSymbolicLink(onlyJava17.resolve("java"), java17.resolve("bin/java"));
        Map<String, String> env = env(java25, dir.resolve("cache-choice"));
        env.remove("BERTH_JAVA");
        env.put("PATH", onPath + ":" + onlyJava17 + ":/usr/bin:/bin");
        env.put("JDK_JAVA_OPTIONS", "-XshowSettings:properties");
        assertThat(javaHomeOf(env)).as("java on PATH").isEqualTo(java17.toRealPath().toString());
        env.put("JAVA_HOME", java25.toString());
        assertThat(javaHomeOf(env)).as("JAVA_HOME over PATH").isEqualTo(java25.toRealPath().toString());
        env.put("BERTH_JAVA", java17.resolve("bin/java").toString());
        assertThat(javaHomeOf(env)).as("BERTH_JAVA over JAVA_HOME").isEqualTo(java17.toRealPath().toString());

        env.put("BERTH_JAVA", dir.resolve("no-such-java").toString());
        Run missing = Run.start(env, "--version").finish();
        assertThat(missing.exit).isEqualTo(1);
        assertThat(missing.stderr).contains("berth: no Java found through BERTH_JAVA (" + dir.resolve("no-such-java") + ")");
    }

    /** The java.home the launcher's Java reports, from -XshowSettings (JDK_JAVA_OPTIONS). */
    private static String javaHomeOf(Map<String, String> env) throws Exception {
        Run run = Run.start(env, "--version").finish();
        assertThat(run.exit).as(run.stderr).isZero();
        return run.stderr.lines().filter(l -> l.strip().startsWith("java.home = ")).map(l -> l.strip().substring("java.home = ".length()))
                .findFirst().orElseThrow(() -> new AssertionError("no java.home in: " + run.stderr));
    }

    /** Waits for the background training to leave exactly one cache and nothing half-written. */
    private static Path trainedCache(Path cache, String extension) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        List<String> names = List.of();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(cache)) {
                names = files.map(p -> p.getFileName().toString()).sorted().toList();
            }
            if (names.size() == 1 && names.get(0).endsWith(extension)) {
                return cache.resolve(names.get(0));
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no single " + extension + " cache in " + cache + " after 4 minutes: " + names);
    }

    private static Map<String, String> env(Path java, Path cacheHome) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "PATH", onPath + ":/usr/bin:/bin",
                "HOME", dir.toString(),
                "XDG_CACHE_HOME", cacheHome.toString(),
                "BERTH_JAVA", java.toString(),
                "AWS_ENDPOINT_URL", sim.endpoint(),
                "AWS_REGION", SimFixture.REGION,
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_EC2_METADATA_DISABLED", "true"));
        return env;
    }

    /** `berth` found on PATH, in a clean environment. */
    private static final class Run {
        private final Process process;
        private final Path out;
        private final Path err;
        int exit;
        String stdout;
        String stderr;

        private Run(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        static Run start(Map<String, String> env, String... args) throws IOException {
            // a shell finds berth on PATH, as a Jenkins sh step would
            List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "exec berth \"$@\"", "sh"));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().clear();
            builder.environment().putAll(env);
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            return new Run(builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start(), out, err);
        }

        Run finish() throws Exception {
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("berth finished").isTrue();
            exit = process.exitValue();
            stdout = Files.readString(out);
            stderr = Files.readString(err);
            return this;
        }
    }
}

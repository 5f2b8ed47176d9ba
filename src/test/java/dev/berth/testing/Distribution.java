package dev.berth.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The distribution mvn package makes, target/berth-VERSION.tar.gz, unpacked the way users unpack it. */
public final class Distribution {
    public static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final Path TARGET = Path.of("target");

    private Distribution() {
    }

    /** The project version, from the name of the tarball in target/. */
    public static String version() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("berth-.+\\.tar\\.gz")).toList();
            assertThat(names).as("target/berth-VERSION.tar.gz is built by mvn package").hasSize(1);
            return names.get(0).substring("berth-".length(), names.get(0).length() - ".tar.gz".length());
        }
    }

    /** Unpacks the tarball with tar into {@code into}; returns the one folder it holds, berth-VERSION. */
    public static Path unpack(Path into) throws IOException, InterruptedException {
        String version = version();
        Path tarball = TARGET.resolve("berth-" + version + ".tar.gz").toAbsolutePath();
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", into.toString()).redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(tar.exitValue()).as(output).isZero();
        try (Stream<Path> top = Files.list(into)) {
            assertThat(top.map(p -> p.getFileName().toString()).toList()).containsExactly("berth-" + version);
        }
        return into.resolve("berth-" + version);
    }

    /** A Java 17: the one running the tests when it is 17, else Debian's. */
    public static Path java17() {
        if (Runtime.version().feature() == 17) {
            return Path.of(System.getProperty("java.home"));
        }
        Path debian = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        if (!Files.isExecutable(debian.resolve("bin/java"))) {
            RequiredTool.missing("no Java 17 at " + debian);
        }
        return debian;
    }

    /** Java 25 (temurin-25-jdk), for the ahead-of-time cache. */
    public static Path java25() {
        if (!Files.isExecutable(JAVA_25.resolve("bin/java"))) {
            RequiredTool.missing("no Java 25 at " + JAVA_25 + " (the ahead-of-time cache needs Java 25 or newer)");
        }
        return JAVA_25;
    }
}

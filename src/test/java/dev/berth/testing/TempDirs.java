package dev.berth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Temporary folders of test helpers that outlive a single test, removed with everything in them when the JVM exits. */
public final class TempDirs {
    private static final List<Path> CREATED = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::removeAll, "berth-test-temp-dirs"));
    }

    private TempDirs() {
    }

    public static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            synchronized (CREATED) {
                CREATED.add(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void removeAll() {
        synchronized (CREATED) {
            CREATED.forEach(TempDirs::remove);
        }
    }

    private static void remove(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            // a symbolic link is deleted, never followed: a library folder links to the repository itself
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort at exit: a folder a process still writes to may stay behind
        }
    }
}

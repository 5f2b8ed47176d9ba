package dev.berth.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches every process on the machine while a command runs: what {@code ps} shows and, for each
 * process it may read, the command line and environment in /proc. A secret found here was visible
 * to other users of the machine.
 */
public final class ProcessWatch implements AutoCloseable {
    private final Set<String> seen = new LinkedHashSet<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private int samples;

    private ProcessWatch() {
        sampler = new Thread(this::sampleUntilClosed, "process-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    public static ProcessWatch start() {
        return new ProcessWatch();
    }

    private void sampleUntilClosed() {
        while (running) {
            sample();
        }
        sample();
    }

    private void sample() {
        Set<String> now = new LinkedHashSet<>();
        try {
            Process ps = new ProcessBuilder("ps", "-eo", "pid,args").redirectErrorStream(true).start();
            now.add(new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            ps.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            now.add("ps failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                now.add(read(p.resolve("cmdline")));
                now.add(read(p.resolve("environ")));
            });
        } catch (IOException e) {
            now.add("/proc unreadable: " + e.getMessage());
        }
        synchronized (seen) {
            seen.addAll(now);
            samples++;
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return ""; // the process ended, or is not ours to read
        }
    }

    /** Everything seen so far, as one text to search. */
    public String seen() {
        synchronized (seen) {
            return String.join("\n", seen);
        }
    }

    public int samples() {
        synchronized (seen) {
            return samples;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join(TimeUnit.SECONDS.toMillis(30));
    }
}

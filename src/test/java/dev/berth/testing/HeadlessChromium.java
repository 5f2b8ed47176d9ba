package dev.berth.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium, headless, rendering local files. It may not reach any network: its host
 * resolver maps every name to nothing, its background services are off, and where this machine
 * allows it, it runs in a network namespace of its own (no interface but a loopback that is down).
 */
public final class HeadlessChromium {
    /** What one run printed and produced. */
    public record Run(int exitCode, String stdout, String stderr) {
        /** Lines in which the page reported an error to its console (a failed load, a script error). */
        public List<String> consoleErrors() {
            return stderr.lines().filter(l -> l.contains(":CONSOLE") || l.contains("Failed to load resource")).toList();
        }
    }

    private final Path binary;
    private final boolean isolated;

    private HeadlessChromium(Path binary, boolean isolated) {
        this.binary = binary;
        this.isolated = isolated;
    }

    /** The browser, or the test is skipped (failed under CI) when Debian's chromium is not installed. */
    public static HeadlessChromium require() {
        Path binary = RequiredTool.tool("/usr/bin/chromium", "chromium");
        return new HeadlessChromium(binary, canUnshareNetwork());
    }

    public boolean isolated() {
        return isolated;
    }

    /** Renders {@code page} at {@code width} x {@code height} into {@code png}. */
    public Run screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        return run(page, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height);
    }

    /** The DOM after rendering, as chromium serialises it. */
    public Run dumpDom(Path page) throws IOException, InterruptedException {
        return run(page, "--dump-dom");
    }

    private Run run(Path page, String... what) throws IOException, InterruptedException {
        Path profile = TempDirs.create("berth-chromium");
        List<String> command = new ArrayList<>();
        if (isolated) {
            command.addAll(List.of("unshare", "--net"));
        }
        command.addAll(List.of(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
                "--disable-domain-reliability", "--metrics-recording-only", "--no-pings", "--disable-breakpad",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + profile.toAbsolutePath()));
        command.addAll(List.of(what));
        command.add(page.toAbsolutePath().toUri().toString());
        Process process = new ProcessBuilder(command).start();
        var stdout = process.getInputStream();
        var stderr = process.getErrorStream();
        var errText = new java.util.concurrent.CompletableFuture<String>();
        Thread reader = new Thread(() -> {
            try {
                errText.complete(new String(stderr.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                errText.complete("");
            }
        });
        reader.start();
        String out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s: " + command);
        }
        reader.join(10_000);
        return new Run(process.exitValue(), out, errText.getNow(""));
    }

    private static boolean canUnshareNetwork() {
        try {
            Process p = new ProcessBuilder("unshare", "--net", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package dev.berth.cli;

import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.aws.AwsSettings;
import dev.berth.engine.rollout.Sleeper;

import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * What the commands get from the world: the environment, how to reach AWS, the clock. Tests
 * build one around the simulator; {@link Main} builds the real one.
 */
public record CliContext(Map<String, String> env, Function<AwsSettings, AwsClients> aws, Clock clock,
                         Sleeper sleeper, boolean terminal, InputStream stdin) {

    public CliContext(Map<String, String> env, Function<AwsSettings, AwsClients> aws, Clock clock, Sleeper sleeper,
                      boolean terminal) {
        this(env, aws, clock, sleeper, terminal, InputStream.nullInputStream());
    }

    public static CliContext system() {
        return new CliContext(System.getenv(), AwsClients::new, Clock.systemUTC(), Sleeper.REAL,
                stderrIsTerminal(), System.in);
    }

    /**
     * Whether progress (on stderr) goes to a terminal. System.console() looks at stdin and stdout
     * only, and `berth deploy 2>log` must not fill the log with escape codes.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null; // no /proc: the best the JDK can say
        }
    }

    /** The terminal's width, from COLUMNS (which shells set), else the classic 80. */
    public int columns() {
        try {
            int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "80").trim());
            return columns >= 40 ? columns : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** Colour only on a real terminal, never under NO_COLOR or TERM=dumb (Jenkins logs stay plain). */
    public boolean colour() {
        return terminal && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
    }
}

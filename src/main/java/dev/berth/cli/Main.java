package dev.berth.cli;

/** The {@code berth} command; the only place that calls {@link System#exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(BerthCommand.commandLineFor(CliContext.system(), args).execute(args));
    }
}

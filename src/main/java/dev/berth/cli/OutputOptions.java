package dev.berth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** How a command reports: human lines on stderr; the result on stdout as text or JSON. */
final class OutputOptions {
    enum Format { text, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "result on stdout: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = {"-q", "--quiet"}, description = "no progress lines, only warnings and the result")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "more progress: every poll and when the next one is due, resource types of stack events")
    boolean verbose;

    boolean json() {
        return format == Format.json;
    }

    /** Refuses options that contradict each other; commands call it before any AWS call. */
    void validate(CommandSpec spec) {
        if (quiet && verbose) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--quiet and --verbose cannot be used together");
        }
    }

    /** The progress printer for stderr: coloured with a progress bar on a terminal, plain lines otherwise. */
    ProgressPrinter printer(CommandSpec spec, CliContext context) {
        validate(spec);
        ProgressPrinter.Level level = quiet ? ProgressPrinter.Level.QUIET
                : verbose ? ProgressPrinter.Level.VERBOSE : ProgressPrinter.Level.NORMAL;
        return new ProgressPrinter(spec.commandLine().getErr(), context.colour(), level, context.columns());
    }
}

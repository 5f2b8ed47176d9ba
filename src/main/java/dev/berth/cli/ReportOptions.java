package dev.berth.cli;

import dev.berth.report.Report;
import dev.berth.report.ReportWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --report DIR}: result.json, timeline.svg and report.html for a deploy, rollback or wait. */
final class ReportOptions {
    @Option(names = "--report", paramLabel = "DIR",
            description = "write result.json, timeline.svg and report.html (self-contained) into DIR, created if missing")
    Path dir;

    boolean wanted() {
        return dir != null;
    }

    /** Refuses a folder that cannot take the report before anything else is done. */
    void validate(CommandSpec spec) {
        validate(spec, dir);
    }

    /** The same check for any option that names a report folder. */
    static void validate(CommandSpec spec, Path dir) {
        Names.path(spec, "--report", dir);
        String problem = dir == null ? null : ReportWriter.problemWith(dir);
        if (problem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--report': " + problem);
        }
    }

    /**
     * Writes the report after the result was printed: a report that cannot be written (a full
     * disk) is a warning, and the verdict and its exit code stand.
     */
    void write(CommandSpec spec, Report report, String resultJson) {
        if (!wanted()) {
            return;
        }
        var err = spec.commandLine().getErr();
        try {
            ReportWriter.write(dir, report, resultJson);
            err.println("report: " + dir.resolve(ReportWriter.PAGE).toAbsolutePath().normalize());
        } catch (RuntimeException e) {
            err.println("WARNING report not written: " + ProgressPrinter.safe(e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")")));
        }
        err.flush();
    }
}

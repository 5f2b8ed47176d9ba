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
        if (dir == null) {
            return;
        }
        String problem = ReportWriter.problemWith(dir);
        if (problem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--report': " + problem);
        }
    }

    void write(CommandSpec spec, Report report, String resultJson) {
        if (!wanted()) {
            return;
        }
        ReportWriter.write(dir, report, resultJson);
        spec.commandLine().getErr().println("report: " + dir.resolve(ReportWriter.PAGE).toAbsolutePath().normalize());
        spec.commandLine().getErr().flush();
    }
}

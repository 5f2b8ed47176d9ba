package dev.berth.cli;

import picocli.CommandLine.Option;

/** How a command reports: human lines on stderr; the result on stdout as text or JSON. */
final class OutputOptions {
    enum Format { text, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "result on stdout: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = {"-q", "--quiet"}, description = "no progress lines, only warnings and the result")
    boolean quiet;

    boolean json() {
        return format == Format.json;
    }
}

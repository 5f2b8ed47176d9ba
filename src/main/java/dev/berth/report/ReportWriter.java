package dev.berth.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a report folder: result.json (the JSON result), timeline.svg and report.html. */
public final class ReportWriter {
    public static final String RESULT = "result.json";
    public static final String TIMELINE = "timeline.svg";
    public static final String PAGE = "report.html";
    public static final String INDEX = "index.html";

    /** A report in a folder of an index page. */
    public record IndexEntry(String folder, String title, dev.berth.engine.Outcome outcome) {
    }

    private ReportWriter() {
    }

    /**
     * Whether a report can be written to {@code dir}, checked before anything else happens so that
     * a bad --report is refused up front; creates nothing. Returns the problem, or null.
     */
    public static String problemWith(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            return dir + " exists and is not a directory";
        }
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return "cannot create " + dir + ": " + existing + " is not a directory";
        }
        return Files.isWritable(existing) ? null : "cannot write to " + existing;
    }

    /** An index.html in {@code dir} linking the reports in its folders. */
    public static void writeIndex(Path dir, String title, java.util.List<IndexEntry> entries) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(TimelineSvg.escape(title)).append("</title>\n</head>\n<body style=\"font-family:sans-serif;margin:24px\">\n<h1>")
                .append(TimelineSvg.escape(title)).append("</h1>\n<ul>\n");
        for (IndexEntry entry : entries) {
            html.append("<li><a href=\"").append(TimelineSvg.escape(entry.folder())).append('/').append(PAGE).append("\">")
                    .append(TimelineSvg.escape(entry.title())).append("</a> <b style=\"color:")
                    .append(ReportColours.of(entry.outcome())).append("\">").append(entry.outcome().name()).append("</b></li>\n");
        }
        html.append("</ul>\n</body>\n</html>\n");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(INDEX), html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report index to " + dir, e);
        }
    }

    public static void write(Path dir, Report report, String resultJson) {
        try {
            Files.createDirectories(dir);
            String svg = TimelineSvg.render(report);
            Files.writeString(dir.resolve(RESULT), resultJson.endsWith("\n") ? resultJson : resultJson + "\n", StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(TIMELINE), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(PAGE), ReportHtml.render(report, svg), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report to " + dir, e);
        }
    }
}

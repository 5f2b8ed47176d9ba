package dev.berth.report;

import dev.berth.engine.rollout.ServiceEventView;
import dev.berth.engine.rollout.ServiceResult;
import dev.berth.engine.rollout.StoppedTask;
import dev.berth.engine.rollout.TaskDefinitions;
import dev.berth.engine.stack.StackEventView;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import static dev.berth.report.TimelineSvg.escape;

/**
 * The report page: a summary, the timeline chart, the rollback if one happened, the services'
 * verdicts, the stack events, the service events and the stopped tasks. Self-contained: styles
 * and the chart are inline; there is no script and nothing to fetch.
 */
public final class ReportHtml {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String STYLE = """
            body{font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif;margin:24px;color:#222;max-width:1100px}
            h1{font-size:22px;margin:0 0 6px}
            h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
            .outcome{display:block}
            .reason{margin:10px 0 0;font-size:14px}
            table{border-collapse:collapse;font-size:13px;width:100%}
            th,td{border:1px solid #dde1e6;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f3f5f7}
            table.summary{width:auto}
            table.summary th{width:160px}
            .failed{color:#c62828}
            .rollback{color:#8a5a00}
            .muted{color:#666}
            code{font-size:12px}
            .stack-events td:first-child,.service-events td:first-child,.stopped-tasks td:first-child{white-space:nowrap}
            """;

    private ReportHtml() {
    }

    public static String render(Report report, String svg) {
        StringBuilder html = new StringBuilder();
        String title = "berth " + report.command() + " " + report.change().subject() + ": " + report.outcome();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        header(html, report);
        summary(html, report);
        html.append("<h2>Timeline</h2>\n<div class=\"chart\">\n").append(svg.replaceFirst("^<\\?xml[^>]*>\\s*", "")).append("</div>\n");
        if (report.rolledBack()) {
            rollback(html, report);
        }
        services(html, report);
        stackEvents(html, report);
        serviceEvents(html, report);
        stoppedTasks(html, report);
        html.append("<p class=\"muted\">Written by berth at ").append(escape(time(report.timing().finishedAt())))
                .append(" UTC; the same result is in result.json next to this page.</p>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, Report report) {
        String versions = report.change().versions();
        html.append("<h1>berth ").append(escape(report.command())).append(' ').append(escape(report.change().subject()))
                .append(escape(versions)).append("</h1>\n");
        // the outcome as SVG: Jenkins serves archived pages under a policy that drops inline styles
        String outcome = report.outcome().name();
        int width = 28 + 13 * outcome.length();
        html.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"outcome\" class=\"outcome\" width=\"").append(width)
                .append("\" height=\"36\" role=\"img\" aria-label=\"").append(outcome).append("\"><rect width=\"").append(width)
                .append("\" height=\"36\" rx=\"4\" fill=\"").append(ReportColours.of(report.outcome()))
                .append("\"/><text x=\"14\" y=\"25\" font-size=\"18\" font-weight=\"bold\" fill=\"#ffffff\" "
                        + "font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\">").append(outcome).append("</text></svg>\n");
        html.append("<p class=\"reason\">").append(escape(report.reason())).append("</p>\n");
    }

    private static void summary(StringBuilder html, Report report) {
        html.append("<h2>Summary</h2>\n<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" class=\"summary\">\n");
        row(html, "command", "berth " + report.command());
        row(html, "wait".equals(report.command()) ? "cluster" : "stack", report.change().subject());
        row(html, "who", report.people().who());
        row(html, "approved by", report.people().approvedBy());
        row(html, "why", report.people().why());
        row(html, "from", report.change().from());
        row(html, "to", report.change().to());
        row(html, "outcome", report.outcome().name() + " (exit " + report.outcome().exitCode() + ")");
        row(html, "duration", TimelineSvg.seconds(report.duration().toMillis() / 1000.0));
        row(html, "image digest", report.change().digest());
        row(html, "stack status", report.stack().status());
        row(html, "started", time(report.timing().startedAt()) + " UTC");
        row(html, "finished", time(report.timing().finishedAt()) + " UTC");
        row(html, "to recover", report.stack().recovery());
        html.append("</table>\n");
    }

    private static void rollback(StringBuilder html, Report report) {
        html.append("<h2>Rollback</h2>\n<p class=\"rollback\" id=\"rollback\">");
        if ("rollback".equals(report.command())) {
            Report.People people = report.people();
            html.append("A rollback was asked for: from ").append(escape(or(report.change().from(), "?"))).append(" back to ")
                    .append(escape(report.change().to()));
            if (people.who() != null) {
                html.append(", run by ").append(escape(people.who()));
            }
            if (people.approvedBy() != null) {
                html.append(", approved by ").append(escape(people.approvedBy()));
            }
            if (people.why() != null) {
                html.append(", because: ").append(escape(people.why()));
            }
            html.append('.');
        } else {
            html.append("The release of ").append(escape(or(report.change().to(), "the new version")))
                    .append(" failed and was rolled back");
            if (report.change().from() != null) {
                html.append(": the service is back on ").append(escape(report.change().from()));
            }
            html.append(". ").append(escape(report.reason()));
        }
        html.append("</p>\n");
        List<StackEventView> rollbackEvents = report.stack().events().stream()
                .filter(e -> e.status() != null && e.status().contains("ROLLBACK") && e.isStackEvent()).toList();
        if (!rollbackEvents.isEmpty()) {
            html.append("<ul>\n");
            for (StackEventView e : rollbackEvents) {
                html.append("<li>").append(escape(time(e.timestamp()))).append(' ').append(escape(e.status()))
                        .append(e.reason() == null ? "" : ": " + escape(e.reason())).append("</li>\n");
            }
            html.append("</ul>\n");
        }
    }

    private static void services(StringBuilder html, Report report) {
        html.append("<h2>Services</h2>\n");
        if (report.evidence().services().isEmpty()) {
            html.append("<p class=\"muted\">No service rollout was followed.</p>\n");
            return;
        }
        html.append("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" class=\"services\">\n<tr><th>service</th><th>outcome</th><th>expected</th><th>running</th>"
                + "<th>rollout</th><th>desired</th><th>bounds</th><th>reason</th></tr>\n");
        for (ServiceResult s : report.evidence().services()) {
            html.append("<tr><td>").append(escape(s.service())).append("</td><td style=\"color:")
                    .append(ReportColours.of(s.outcome())).append(";font-weight:bold\">").append(s.outcome().name())
                    .append("</td><td>").append(escape(TaskDefinitions.shortName(s.rollout().expectedTaskDefinition())))
                    .append("</td><td>").append(escape(TaskDefinitions.shortName(s.rollout().runningTaskDefinition())))
                    .append("</td><td>").append(escape(s.rollout().rolloutState())).append("</td><td>").append(s.bounds().desired())
                    .append("</td><td>").append(s.bounds().lowerBound()).append("..").append(s.bounds().upperBound())
                    .append("</td><td>").append(escape(s.reason())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void stackEvents(StringBuilder html, Report report) {
        if ("wait".equals(report.command())) {
            return;
        }
        html.append("<h2>Stack events</h2>\n");
        if (report.stack().events().isEmpty()) {
            html.append("<p class=\"muted\">No stack events.</p>\n");
            return;
        }
        html.append("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" class=\"stack-events\">\n<tr><th>time (UTC)</th><th>stack</th><th>logical id</th><th>type</th><th>status</th><th>reason</th></tr>\n");
        for (StackEventView e : report.stack().events()) {
            String status = e.status() == null ? "" : e.status();
            String css = status.endsWith("_FAILED") ? "failed" : status.contains("ROLLBACK") ? "rollback" : "";
            html.append("<tr><td>").append(escape(time(e.timestamp()))).append("</td><td>").append(escape(e.stack()))
                    .append("</td><td>").append(escape(e.logicalId())).append("</td><td>").append(escape(e.resourceType()))
                    .append("</td><td class=\"").append(css).append("\">").append(escape(status)).append("</td><td>")
                    .append(escape(e.reason())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void serviceEvents(StringBuilder html, Report report) {
        List<String[]> rows = new ArrayList<>();
        for (ServiceResult s : report.evidence().services()) {
            for (ServiceEventView e : s.evidence().serviceEvents()) {
                rows.add(new String[]{time(e.createdAt()), s.service(), e.message()});
            }
        }
        html.append("<h2>Service events</h2>\n");
        if (rows.isEmpty()) {
            html.append("<p class=\"muted\">No service events during the rollout.</p>\n");
            return;
        }
        html.append("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" class=\"service-events\">\n<tr><th>time (UTC)</th><th>service</th><th>message</th></tr>\n");
        for (String[] row : rows) {
            html.append("<tr><td>").append(escape(row[0])).append("</td><td>").append(escape(row[1])).append("</td><td>")
                    .append(escape(row[2])).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void stoppedTasks(StringBuilder html, Report report) {
        html.append("<h2>Stopped tasks</h2>\n");
        List<String> rows = new ArrayList<>();
        for (ServiceResult s : report.evidence().services()) {
            for (StoppedTask t : s.evidence().stoppedTasks()) {
                rows.add("<tr><td>" + escape(time(t.stoppedAt())) + "</td><td>" + escape(s.service()) + "</td><td><code>"
                        + escape(t.taskId()) + "</code></td><td>" + escape(TaskDefinitions.shortName(t.taskDefinition()))
                        + "</td><td>" + escape(t.stopCode()) + "</td><td class=\"failed\">" + escape(t.summary()) + "</td></tr>\n");
            }
        }
        if (rows.isEmpty()) {
            html.append("<p class=\"muted\">No task of the rollout stopped.</p>\n");
            return;
        }
        html.append("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" class=\"stopped-tasks\">\n<tr><th>stopped (UTC)</th><th>service</th><th>task</th><th>task definition</th>"
                + "<th>stop code</th><th>reason</th></tr>\n");
        rows.forEach(html::append);
        html.append("</table>\n");
    }

    private static void row(StringBuilder html, String name, String value) {
        if (value != null && !value.isBlank()) {
            html.append("<tr><th>").append(escape(name)).append("</th><td>").append(escape(value)).append("</td></tr>\n");
        }
    }

    private static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }
}

package dev.berth.report;

import dev.berth.engine.Outcome;
import dev.berth.engine.rollout.ServiceResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * The rollout timeline as a standalone SVG, one panel per service: time on x; stacked areas of the
 * old and the new deployment's tasks, running and (lighter) pending; the lower and upper bounds;
 * markers for stack events, the circuit breaker, deployment alarms changing state and the verdict;
 * a band where the rollout stalled for room. Every poll is also a transparent
 * column carrying its counts (data attributes, and a tooltip), so the picture can be checked
 * against the timeline it was drawn from.
 */
public final class TimelineSvg {
    static final int WIDTH = 960;
    private static final int LEFT = 56;
    private static final int RIGHT = 130;
    private static final int PANEL_TITLE = 34;
    private static final int MARKER_ROW = 18;
    private static final int PLOT_HEIGHT = 240;
    private static final int AXIS = 44;
    private static final int LEGEND = 26;
    private static final int PANEL_HEIGHT = PANEL_TITLE + MARKER_ROW + PLOT_HEIGHT + AXIS + LEGEND;

    /** The stacked series, bottom to top: running tasks first, so their top meets the lower bound. */
    enum Series {
        OLD_RUNNING("old-running", "old running", "#6b7a8f", ServiceChart.Point::oldRunning),
        NEW_RUNNING("new-running", "new running", "#1f77d0", ServiceChart.Point::newRunning),
        NEW_PENDING("new-pending", "new pending", "#9cc8f2", ServiceChart.Point::newPending),
        OLD_PENDING("old-pending", "old pending", "#c3cad4", ServiceChart.Point::oldPending);

        final String id;
        final String label;
        final String colour;
        final ToIntFunction<ServiceChart.Point> count;

        Series(String id, String label, String colour, ToIntFunction<ServiceChart.Point> count) {
            this.id = id;
            this.label = label;
            this.colour = colour;
            this.count = count;
        }
    }

    static final String LOWER_COLOUR = "#d9731a";
    static final String UPPER_COLOUR = "#7a4fc4";
    static final String BREAKER_COLOUR = "#c62828";
    static final String STACK_EVENT_COLOUR = "#555e69";

    private TimelineSvg() {
    }

    public static String render(Report report) {
        List<ServiceResult> services = report.evidence().services();
        int panels = Math.max(1, services.size());
        int height = panels * PANEL_HEIGHT + 8;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"berth-timeline\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\" font-size=\"12\">\n",
                WIDTH, height, WIDTH, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        if (services.isEmpty()) {
            svg.append(text(LEFT, 28, 15, "bold", "#222", "start", title(report, null)));
            svg.append(text(LEFT, 70, 12, "normal", "#555", "start", "no service rollout was followed"));
        }
        for (int i = 0; i < services.size(); i++) {
            panel(svg, report, ServiceChart.of(report, services.get(i)), services.get(i), i * PANEL_HEIGHT);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    static String title(Report report, ServiceResult service) {
        Report.Change change = report.change();
        String what = service == null ? change.subject() : change.subject() + "/" + service.service();
        String versions = change.versions();
        Outcome outcome = service == null ? report.outcome() : service.outcome();
        return what + versions + " " + outcome.name() + " in " + seconds(report.duration().toMillis() / 1000.0);
    }

    private static void panel(StringBuilder svg, Report report, ServiceChart chart, ServiceResult service, int top) {
        double xEnd = chart.endSeconds();
        for (ServiceChart.Point p : chart.points()) {
            xEnd = Math.max(xEnd, p.t());
        }
        double xSpan = xEnd <= 0 ? 1 : xEnd;
        int plotTop = top + PANEL_TITLE + MARKER_ROW;
        int plotWidth = WIDTH - LEFT - RIGHT;
        double y0 = plotTop + PLOT_HEIGHT;
        int yMax = yAxisMax(chart.maxCount());
        double yScale = PLOT_HEIGHT / (double) yMax;
        double xScale = plotWidth / xSpan;
        svg.append(String.format(Locale.ROOT,
                "<g class=\"chart\" data-service=\"%s\" data-x0=\"%d\" data-x-scale=\"%s\" data-y0=\"%s\" data-y-scale=\"%s\">\n",
                escape(chart.service()), LEFT, num(xScale), num(y0), num(yScale)));
        svg.append(text(LEFT, top + 22, 15, "bold", "#222", "start", title(report, service)));
        axes(svg, plotTop, y0, yMax, yScale, xSpan, xScale);
        List<ServiceChart.Point> points = chart.points();
        if (points.isEmpty()) {
            svg.append(text(LEFT + 12, plotTop + 24, 12, "normal", "#555", "start", "no poll of this service"));
        }
        List<Double> xs = new ArrayList<>();
        for (ServiceChart.Point p : points) {
            xs.add(LEFT + p.t() * xScale);
        }
        xs.add(LEFT + xEnd * xScale);
        int[] below = new int[points.size()];
        for (Series series : Series.values()) {
            int[] above = new int[points.size()];
            for (int i = 0; i < points.size(); i++) {
                above[i] = below[i] + series.count.applyAsInt(points.get(i));
            }
            if (!points.isEmpty()) {
                area(svg, series, xs, below, above, y0, yScale);
            }
            below = above;
        }
        bound(svg, "lower", LOWER_COLOUR, points, xs, y0, yScale, ServiceChart.Point::lower, "min healthy ");
        bound(svg, "upper", UPPER_COLOUR, points, xs, y0, yScale, ServiceChart.Point::upper, "max ");
        if (chart.stall() != null) { // under the polls' columns, which keep their tooltips
            StallBand.draw(svg, chart.stall(), xEnd, LEFT, xScale, plotTop, PLOT_HEIGHT);
        }
        for (int i = 0; i < points.size(); i++) {
            sample(svg, points.get(i), xs.get(i), xs.get(i + 1), plotTop);
        }
        for (ServiceChart.Marker marker : chart.markers()) {
            marker(svg, marker, LEFT + Math.max(0, marker.t()) * xScale, plotTop, y0);
        }
        legend(svg, (int) y0 + AXIS);
        svg.append("</g>\n");
    }

    private static void area(StringBuilder svg, Series series, List<Double> xs, int[] bottom, int[] top, double y0,
                             double yScale) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < top.length; i++) {
            double y = y0 - top[i] * yScale;
            points.append(num(xs.get(i))).append(',').append(num(y)).append(' ')
                    .append(num(xs.get(i + 1))).append(',').append(num(y)).append(' ');
        }
        for (int i = bottom.length - 1; i >= 0; i--) {
            double y = y0 - bottom[i] * yScale;
            points.append(num(xs.get(i + 1))).append(',').append(num(y)).append(' ')
                    .append(num(xs.get(i))).append(',').append(num(y)).append(' ');
        }
        svg.append(String.format("<polygon class=\"series %s\" data-series=\"%s\" fill=\"%s\" stroke=\"none\" points=\"%s\"/>\n",
                series.id, series.id, series.colour, points.toString().trim()));
    }

    private static void bound(StringBuilder svg, String name, String colour, List<ServiceChart.Point> points,
                              List<Double> xs, double y0, double yScale, ToIntFunction<ServiceChart.Point> value,
                              String label) {
        if (points.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder();
        StringBuilder band = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            double y = y0 - value.applyAsInt(points.get(i)) * yScale;
            line.append(i == 0 ? "M" : " L").append(num(xs.get(i))).append(' ').append(num(y))
                    .append(" L").append(num(xs.get(i + 1))).append(' ').append(num(y));
            band.append(String.format(Locale.ROOT, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"6\"/>",
                    num(xs.get(i)), num(y - 3), num(xs.get(i + 1) - xs.get(i))));
        }
        svg.append(String.format("<g class=\"band %s\" fill=\"%s\" fill-opacity=\"0.22\">%s</g>\n", name, colour, band));
        svg.append(String.format("<path class=\"bound %s\" d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n",
                name, line, colour));
        ServiceChart.Point last = points.get(points.size() - 1);
        double y = y0 - value.applyAsInt(last) * yScale;
        svg.append(text(xs.get(xs.size() - 1) + 6, y + 4, 11, "normal", colour, "start", label + value.applyAsInt(last)));
    }

    private static void sample(StringBuilder svg, ServiceChart.Point p, double x, double next, int plotTop) {
        String tip = String.format(Locale.ROOT, "%s s: new %d running, %d pending; old %d running, %d pending; desired %d, bounds %d..%d",
                num(p.t()), p.newRunning(), p.newPending(), p.oldRunning(), p.oldPending(), p.desired(), p.lower(), p.upper());
        svg.append(String.format(Locale.ROOT,
                "<rect class=\"sample\" x=\"%s\" y=\"%d\" width=\"%s\" height=\"%d\" fill=\"#ffffff\" fill-opacity=\"0\" "
                        + "data-t=\"%s\" data-old-running=\"%d\" data-old-pending=\"%d\" data-new-running=\"%d\" data-new-pending=\"%d\" "
                        + "data-desired=\"%d\" data-lower=\"%d\" data-upper=\"%d\"><title>%s</title></rect>\n",
                num(x), plotTop, num(Math.max(0, next - x)), PLOT_HEIGHT, num(p.t()), p.oldRunning(), p.oldPending(),
                p.newRunning(), p.newPending(), p.desired(), p.lower(), p.upper(), escape(tip)));
    }

    private static void marker(StringBuilder svg, ServiceChart.Marker marker, double x, int plotTop, double y0) {
        String tip = escape(marker.label() + (marker.detail() == null || marker.detail().isBlank() ? "" : ": " + marker.detail()));
        switch (marker.kind()) {
            case STACK_EVENT -> svg.append(String.format(Locale.ROOT,
                    "<path class=\"marker stack-event\" d=\"M%s %d l-5 -8 h10 z\" fill=\"%s\"><title>%s</title></path>\n",
                    num(x), plotTop - 2, STACK_EVENT_COLOUR, tip));
            case CIRCUIT_BREAKER -> {
                svg.append(String.format(Locale.ROOT,
                        "<g class=\"marker circuit-breaker\"><line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"3 3\"/><title>%s</title></g>\n",
                        num(x), plotTop, num(x), num(y0), BREAKER_COLOUR, tip));
                svg.append(text(x + 4, plotTop + 12, 11, "bold", BREAKER_COLOUR, "start", "circuit breaker"));
            }
            case ALARM -> {
                // a deployment alarm changed state: red into ALARM, amber otherwise
                String colour = marker.label().endsWith("-> ALARM") ? ReportColours.BAD : ReportColours.WARN;
                svg.append(String.format(Locale.ROOT,
                        "<g class=\"marker alarm\"><line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"1 3\"/><circle cx=\"%s\" cy=\"%d\" r=\"4\" fill=\"%s\"/><title>%s</title></g>\n",
                        num(x), plotTop, num(x), num(y0), colour, num(x), plotTop + 4, colour, tip));
            }
            case VERDICT -> {
                String colour = ReportColours.of(Outcome.valueOf(marker.label()));
                svg.append(String.format(Locale.ROOT,
                        "<g class=\"marker verdict\" data-outcome=\"%s\"><line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"3\"/><title>%s</title></g>\n",
                        escape(marker.label()), num(x), plotTop - 10, num(x), num(y0), colour, tip));
                svg.append(text(x + 6, plotTop + 28, 12, "bold", colour, "start", marker.label()));
            }
        }
    }

    private static void axes(StringBuilder svg, int plotTop, double y0, int yMax, double yScale, double xSpan, double xScale) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        svg.append("<g class=\"axes\" stroke=\"#e3e6ea\" stroke-width=\"1\">");
        int yStep = Math.max(1, niceCeiling(yMax / 6.0));
        StringBuilder labels = new StringBuilder();
        for (int count = 0; count <= yMax; count += yStep) {
            double y = y0 - count * yScale;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\"/>", LEFT, num(y), LEFT + plotWidth, num(y)));
            labels.append(text(LEFT - 8, y + 4, 11, "normal", "#555", "end", Integer.toString(count)));
        }
        double xStep = niceStep(xSpan / 8);
        for (double t = 0; t <= xSpan + 1e-9; t += xStep) {
            double x = LEFT + t * xScale;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%s\"/>", num(x), plotTop, num(x), num(y0)));
            labels.append(text(x, y0 + 16, 11, "normal", "#555", "middle", seconds(t)));
        }
        svg.append("</g>\n");
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#888\"/>\n",
                LEFT, num(y0), LEFT + plotWidth, num(y0)));
        svg.append(labels);
        svg.append(text(LEFT + plotWidth / 2.0, y0 + 32, 11, "normal", "#555", "middle", "time since the command started"));
        svg.append(text(14, plotTop + PLOT_HEIGHT / 2.0, 11, "normal", "#555", "middle", "tasks")
                .replace("<text ", "<text transform=\"rotate(-90 14 " + num(plotTop + PLOT_HEIGHT / 2.0) + ")\" "));
    }

    private static void legend(StringBuilder svg, int y) {
        double x = LEFT;
        svg.append("<g class=\"legend\">");
        for (Series series : Series.values()) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%s\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>", num(x), y, series.colour));
            svg.append(text(x + 16, y + 10, 11, "normal", "#333", "start", series.label));
            x += 110;
        }
        x = legendLine(svg, x, y, LOWER_COLOUR, "min healthy");
        x = legendLine(svg, x, y, UPPER_COLOUR, "max");
        svg.append(String.format(Locale.ROOT, "<path d=\"M%s %d l-5 -8 h10 z\" fill=\"%s\"/>", num(x + 6), y + 11, STACK_EVENT_COLOUR));
        svg.append(text(x + 16, y + 10, 11, "normal", "#333", "start", "stack event"));
        svg.append("</g>\n");
    }

    private static double legendLine(StringBuilder svg, double x, int y, String colour, String label) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
                num(x), y + 6, num(x + 18), y + 6, colour));
        svg.append(text(x + 22, y + 10, 11, "normal", "#333", "start", label));
        return x + 30 + label.length() * 7;
    }

    static String text(double x, double y, int size, String weight, String colour, String anchor, String content) {
        return String.format(Locale.ROOT, "<text x=\"%s\" y=\"%s\" font-size=\"%d\" font-weight=\"%s\" fill=\"%s\" text-anchor=\"%s\">%s</text>\n",
                num(x), num(y), size, weight, colour, anchor, escape(content));
    }

    static String seconds(double s) {
        return s < 60 ? num(Math.round(s * 10) / 10.0) + " s" : String.format(Locale.ROOT, "%dm%02ds", (long) s / 60, (long) s % 60);
    }

    /** 1, 2, 5, 10, 20, 50, ... at least {@code value}. */
    private static int niceCeiling(double value) {
        for (int base = 1; ; base *= 10) {
            for (int multiple : new int[]{1, 2, 5}) {
                if (base * multiple >= value) {
                    return base * multiple;
                }
            }
        }
    }

    /** The y axis: the highest count plus headroom, in whole steps of 1, 2, 5, 10, ... tasks. */
    private static int yAxisMax(int maxCount) {
        int step = niceCeiling((maxCount + 1) / 6.0);
        return (int) Math.ceil((maxCount + 1) / (double) step) * step;
    }

    private static double niceStep(double rough) {
        double[] steps = {0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600};
        for (double step : steps) {
            if (step >= rough) {
                return step;
            }
        }
        return 7200;
    }

    static String num(double value) {
        String text = String.format(Locale.ROOT, "%.2f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    /** Text for the SVG and the page: escaped, and never a character XML 1.0 forbids. */
    static String escape(String text) {
        return dev.berth.text.Markup.text(text);
    }

}

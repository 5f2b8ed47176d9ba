package dev.berth.report;

import java.util.Locale;

/** Draws a stall for room on a service's timeline panel. */
final class StallBand {
    static final String COLOUR = "#b26a00";

    private StallBand() {
    }

    /**
     * The stall for room as a shaded band between the times berth saw its events, drawn within the
     * plot: a time by ECS's clock (where berth's is unknown) may fall outside the rollout, so it is
     * placed at its edge.
     */
    static void draw(StringBuilder svg, ServiceChart.Stall stall, double xEnd, int left, double xScale, int plotTop, int plotHeight) {
        double from = left + Math.min(xEnd, Math.max(0, stall.fromSeconds())) * xScale;
        double until = left + Math.min(xEnd, Math.max(0, stall.untilSeconds())) * xScale;
        RoomStall events = stall.events();
        String tip = "stalled for room from " + events.from() + (stall.resumed() ? " until " + events.until()
                + " (a new task started)" : " to the end") + ": " + events.reason();
        svg.append(String.format(Locale.ROOT,
                "<g class=\"stall\" data-from=\"%s\" data-until=\"%s\" data-resumed=\"%s\">"
                        + "<rect x=\"%s\" y=\"%d\" width=\"%s\" height=\"%d\" fill=\"%s\" fill-opacity=\"0.12\" stroke=\"%s\" "
                        + "stroke-dasharray=\"2 2\"/><title>%s</title></g>\n",
                TimelineSvg.escape(events.from().toString()), events.until() == null ? "" : TimelineSvg.escape(events.until().toString()), stall.resumed(),
                TimelineSvg.num(from), plotTop, TimelineSvg.num(Math.max(1, until - from)), plotHeight, COLOUR, COLOUR, TimelineSvg.escape(tip)));
        svg.append(TimelineSvg.text(from + 4, plotTop + plotHeight - 6, 11, "bold", COLOUR, "start",
                stall.resumed() ? "stalled for room" : "stalled for room (to the end)"));
    }
}

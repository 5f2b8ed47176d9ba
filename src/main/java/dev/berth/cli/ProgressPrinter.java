package dev.berth.cli;

import dev.berth.engine.Outcome;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.DeploymentView;
import dev.berth.text.ForeignText;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders engine events as compact lines prefixed with what they are about, e.g.
 * {@code 12:00:03 demo/web  PRIMARY ecs-svc/42 web:2 desired 4 pending 2 running 2 failed 0 IN_PROGRESS}.
 * On a terminal ({@code live}) lines are coloured and a progress bar of the PRIMARY deployment's
 * running tasks stays under them; otherwise (a Jenkins log, a pipe, NO_COLOR) the output is plain
 * lines without a single escape code.
 */
final class ProgressPrinter implements DeploymentListener, AutoCloseable {
    enum Level { QUIET, NORMAL, VERBOSE }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final String RESET = "\u001b[0m";
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String DIM = "\u001b[2m";
    private static final String CLEAR_LINE = "\r\u001b[2K";
    private static final int BAR_WIDTH = 24;

    private final PrintWriter out;
    private final boolean live;
    private final Level level;
    private final int columns;
    /** the PRIMARY deployment of every service still being watched, for the progress bar */
    private final Map<String, DeploymentView> primaries = new LinkedHashMap<>();
    private boolean barShown;

    ProgressPrinter(PrintWriter out, boolean live, Level level, int columns) {
        this.out = out;
        this.live = live;
        this.level = level;
        this.columns = columns;
    }

    @Override
    public synchronized void on(BerthEvent event) {
        if (event instanceof BerthEvent.Warning w) {
            line(w, paint(YELLOW, "WARNING ") + safe(w.message()));
        } else if (event instanceof BerthEvent.VerdictReached v) {
            primaries.remove(v.source());
            line(v, paint(colourOf(v.outcome()), v.outcome().name()) + " " + safe(v.reason()));
        } else if (level != Level.QUIET) {
            progress(event);
        }
        out.flush();
    }

    private void progress(BerthEvent event) {
        if (event instanceof BerthEvent.PhaseChanged p) {
            line(p, safe(p.phase()) + (p.detail() == null ? "" : ": " + safe(p.detail())));
        } else if (event instanceof BerthEvent.DeploymentSnapshot s) {
            s.deployments().stream().filter(DeploymentView::primary).findFirst().ifPresent(d -> primaries.put(s.source(), d));
            for (DeploymentView d : s.deployments()) {
                line(s, deployment(d));
            }
        } else if (event instanceof BerthEvent.ServiceEventObserved e) {
            line(e, paint(DIM, "event ") + safe(e.message()));
        } else if (event instanceof BerthEvent.TaskStopped t) {
            line(t, paint(RED, "task " + safe(t.task().taskId()) + " stopped: ") + safe(t.task().summary()));
        } else if (event instanceof BerthEvent.StackEventObserved e) {
            String status = e.status() == null ? "" : safe(e.status());
            String colour = status.endsWith("_FAILED") ? RED : status.contains("ROLLBACK") ? YELLOW
                    : status.endsWith("_COMPLETE") ? GREEN : DIM;
            String type = level == Level.VERBOSE ? " " + safe(e.resourceType()) : "";
            line(e, String.format("%-28s %s%s", safe(e.logicalId()), paint(colour, status), type)
                    + (e.reason() == null || e.reason().isEmpty() ? "" : "  " + safe(e.reason())));
        } else if (event instanceof BerthEvent.ChangeSetReady c) {
            if (c.changes().isEmpty()) {
                line(c, "change set: no resource changes");
            }
            for (var change : c.changes()) {
                line(c, "change set: " + safe(change.summary()));
            }
        } else if (event instanceof BerthEvent.Polled p && level == Level.VERBOSE) {
            line(p, paint(DIM, String.format("poll: %s, next in %.1fs", p.stage().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                    p.nextPollIn().toMillis() / 1000.0)));
        }
    }

    static String deployment(DeploymentView d) {
        return String.format("%-7s %s %s desired %d pending %d running %d failed %d%s", safe(d.status()), safe(d.id()),
                safe(d.taskDefinitionName()), d.desired(), d.pending(), d.running(), d.failed(),
                d.rolloutState() == null ? "" : " " + safe(d.rolloutState()));
    }

    private void line(BerthEvent event, String text) {
        clearBar();
        out.println(TIME.format(event.at()) + " " + safe(event.source()) + "  " + text);
        drawBar();
    }

    /**
     * One line that fits the terminal (a wrapped line could not be taken back): the bar, the
     * running / desired count, then what it is about, cut to the width.
     */
    private void drawBar() {
        if (!live || primaries.isEmpty()) {
            return;
        }
        int running = 0;
        int desired = 0;
        for (DeploymentView d : primaries.values()) {
            running += d.running();
            desired += d.desired();
        }
        int filled = desired == 0 ? BAR_WIDTH : Math.min(BAR_WIDTH, running * BAR_WIDTH / desired);
        String label;
        if (primaries.size() == 1) {
            Map.Entry<String, DeploymentView> only = primaries.entrySet().iterator().next();
            label = safe(only.getValue().taskDefinitionName()) + " on " + safe(only.getKey());
        } else {
            label = "in " + primaries.size() + " services";
        }
        String counts = "] " + running + "/" + desired + " running " + label;
        int room = Math.max(0, columns - 1 - (BAR_WIDTH + 1));
        out.print(CLEAR_LINE + "[" + GREEN + "#".repeat(filled) + RESET + "-".repeat(BAR_WIDTH - filled)
                + (counts.length() > room ? counts.substring(0, room) : counts));
        barShown = true;
    }

    private void clearBar() {
        if (barShown) {
            out.print(CLEAR_LINE);
            barShown = false;
        }
    }

    /** Takes the progress bar off the screen, so that what follows starts on a clean line. */
    @Override
    public synchronized void close() {
        clearBar();
        out.flush();
    }

    /** Text from AWS (names, events, reasons) with every control character escaped. */
    static String safe(String text) {
        return ForeignText.neutralise(text);
    }

    private String paint(String code, String text) {
        return live ? code + text + RESET : text;
    }

    private static String colourOf(Outcome outcome) {
        return switch (outcome) {
            case SUCCEEDED, UNCHANGED -> GREEN;
            case ROLLED_BACK, TIMED_OUT -> YELLOW;
            case FAILED, NEEDS_ATTENTION -> RED;
        };
    }
}

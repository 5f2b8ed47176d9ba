package dev.berth.cli;

import dev.berth.engine.Outcome;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.DeploymentView;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Renders engine events as compact lines prefixed with what they are about, e.g.
 * {@code 12:00:03 demo/web  PRIMARY web:2 desired 4 pending 2 running 2 failed 0 IN_PROGRESS}.
 */
final class ProgressPrinter implements DeploymentListener {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final String RESET = "\u001b[0m";
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String DIM = "\u001b[2m";

    private final PrintWriter out;
    private final boolean colour;
    private final boolean quiet;

    ProgressPrinter(PrintWriter out, boolean colour, boolean quiet) {
        this.out = out;
        this.colour = colour;
        this.quiet = quiet;
    }

    @Override
    public void on(BerthEvent event) {
        if (event instanceof BerthEvent.Warning w) {
            line(w, paint(YELLOW, "WARNING ") + w.message());
        } else if (event instanceof BerthEvent.VerdictReached v) {
            line(v, paint(colourOf(v.outcome()), v.outcome().name()) + " " + v.reason());
        } else if (!quiet) {
            progress(event);
        }
        out.flush();
    }

    private void progress(BerthEvent event) {
        if (event instanceof BerthEvent.PhaseChanged p) {
            line(p, p.phase() + (p.detail() == null ? "" : ": " + p.detail()));
        } else if (event instanceof BerthEvent.DeploymentSnapshot s) {
            for (DeploymentView d : s.deployments()) {
                line(s, deployment(d));
            }
        } else if (event instanceof BerthEvent.ServiceEventObserved e) {
            line(e, paint(DIM, "event ") + e.message());
        } else if (event instanceof BerthEvent.TaskStopped t) {
            line(t, paint(RED, "task " + t.task().taskId() + " stopped: ") + t.task().summary());
        } else if (event instanceof BerthEvent.StackEventObserved e) {
            String status = e.status() == null ? "" : e.status();
            String colour = status.endsWith("_FAILED") ? RED : status.contains("ROLLBACK") ? YELLOW
                    : status.endsWith("_COMPLETE") ? GREEN : DIM;
            line(e, String.format("%-28s %s", e.logicalId(), paint(colour, status))
                    + (e.reason() == null || e.reason().isEmpty() ? "" : "  " + e.reason()));
        } else if (event instanceof BerthEvent.ChangeSetReady c) {
            if (c.changes().isEmpty()) {
                line(c, "change set: no resource changes");
            }
            for (var change : c.changes()) {
                line(c, "change set: " + change.summary());
            }
        }
    }

    static String deployment(DeploymentView d) {
        return String.format("%-7s %s desired %d pending %d running %d failed %d%s", d.status(), d.taskDefinitionName(),
                d.desired(), d.pending(), d.running(), d.failed(), d.rolloutState() == null ? "" : " " + d.rolloutState());
    }

    private void line(BerthEvent event, String text) {
        out.println(TIME.format(event.at()) + " " + event.source() + "  " + text);
    }

    private String paint(String code, String text) {
        return colour ? code + text + RESET : text;
    }

    private static String colourOf(Outcome outcome) {
        return switch (outcome) {
            case SUCCEEDED, UNCHANGED -> GREEN;
            case ROLLED_BACK, TIMED_OUT -> YELLOW;
            case FAILED, NEEDS_ATTENTION -> RED;
        };
    }
}

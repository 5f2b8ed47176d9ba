package dev.berth.report;

import dev.berth.engine.rollout.DeploymentView;
import dev.berth.engine.rollout.ServiceResult;
import dev.berth.engine.rollout.TimelineSample;
import dev.berth.engine.stack.StackEventView;

import java.util.ArrayList;
import java.util.List;

/**
 * One service's rollout as a chart sees it: at every poll, the old and the new tasks running and
 * pending with the bounds in force, and the moments worth marking. Counts come from the timeline
 * alone, so the chart shows exactly what berth saw.
 */
public record ServiceChart(String service, List<Point> points, List<Marker> markers, double endSeconds, Stall stall) {

    /** The counts at one poll, {@code t} seconds after the command started. */
    public record Point(double t, int oldRunning, int oldPending, int newRunning, int newPending,
                        int desired, int lower, int upper) {
        int total() {
            return oldRunning + oldPending + newRunning + newPending;
        }
    }

    public enum MarkerKind { STACK_EVENT, CIRCUIT_BREAKER, ALARM, VERDICT }

    public record Marker(double t, MarkerKind kind, String label, String detail) {
    }

    /** A stall for room in seconds since the command started ({@code untilSeconds} is the end when it never resumed). */
    public record Stall(double fromSeconds, double untilSeconds, boolean resumed, RoomStall events) {
    }

    public static ServiceChart of(Report report, ServiceResult service) {
        List<Point> points = new ArrayList<>();
        List<Marker> markers = new ArrayList<>();
        boolean breakerMarked = false;
        for (TimelineSample sample : report.evidence().timeline()) {
            if (!sample.service().equals(service.service())) {
                continue;
            }
            int oldRunning = 0, oldPending = 0, newRunning = 0, newPending = 0;
            for (DeploymentView d : sample.deployments()) {
                if (Report.isNew(d, service)) {
                    newRunning += d.running();
                    newPending += d.pending();
                    if (!breakerMarked && "FAILED".equals(d.rolloutState())) {
                        breakerMarked = true;
                        markers.add(new Marker(report.secondsAt(sample.at()), MarkerKind.CIRCUIT_BREAKER,
                                "circuit breaker", d.rolloutStateReason()));
                    }
                } else {
                    oldRunning += d.running();
                    oldPending += d.pending();
                }
            }
            points.add(new Point(report.secondsAt(sample.at()), oldRunning, oldPending, newRunning, newPending,
                    sample.desired(), sample.lowerBound(), sample.upperBound()));
        }
        for (StackEventView event : report.stack().events()) {
            if (event.observedAt() != null) {
                markers.add(new Marker(report.secondsAt(event.observedAt()), MarkerKind.STACK_EVENT,
                        event.logicalId() + " " + event.status(), event.reason()));
            }
        }
        for (dev.berth.engine.rollout.AlarmChange change : report.evidence().alarmChanges()) {
            if (change.from() != null) {
                markers.add(new Marker(report.secondsAt(change.observedAt()), MarkerKind.ALARM,
                        "alarm " + change.alarm() + " " + change.from() + " -> " + change.to(), change.reason()));
            }
        }
        double end = report.secondsAt(report.timing().finishedAt());
        // the service's verdict came from its last poll; a deploy goes on to follow the stack
        double verdictAt = points.isEmpty() ? end : points.get(points.size() - 1).t();
        markers.add(new Marker(verdictAt, MarkerKind.VERDICT, service.outcome().name(), service.reason()));
        Stall stall = RoomStall.of(service.evidence().serviceEvents()).map(r -> new Stall(report.secondsAt(r.from()),
                r.until() == null ? end : report.secondsAt(r.until()), r.until() != null, r)).orElse(null);
        return new ServiceChart(service.service(), List.copyOf(points), List.copyOf(markers), end, stall);
    }

    /** The highest count the y axis must show: tasks, desired count or upper bound. */
    int maxCount() {
        int max = 1;
        for (Point p : points) {
            max = Math.max(max, Math.max(p.total(), Math.max(p.upper(), p.desired())));
        }
        return max;
    }
}

package dev.berth.report;

import dev.berth.engine.rollout.ServiceEventView;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A stall for room among a service's events: from the first placement failure ("was unable to place
 * a task") to the first task started after it, or still going at the end ({@code until} null). ECS's
 * times order the events; each end is placed when berth first saw its event, on the clock of the
 * timeline, and by ECS's time only where that is unknown (ECS's clock and berth's may disagree). Pure.
 */
public record RoomStall(Instant from, Instant until, String reason) {
    private static final String UNPLACED = "was unable to place a task";
    private static final String STARTED = " has started ";

    public static Optional<RoomStall> of(List<ServiceEventView> events) {
        List<ServiceEventView> timed = events.stream().filter(e -> e.createdAt() != null && e.message() != null)
                .sorted(Comparator.comparing(ServiceEventView::createdAt)).toList();
        ServiceEventView first = timed.stream().filter(e -> e.message().contains(UNPLACED)).findFirst().orElse(null);
        if (first == null) {
            return Optional.empty();
        }
        Instant until = timed.stream().filter(e -> e.createdAt().isAfter(first.createdAt()) && e.message().contains(STARTED))
                .map(RoomStall::placedAt).findFirst().orElse(null);
        return Optional.of(new RoomStall(placedAt(first), until, first.message()));
    }

    /** Where an event sits on the timeline: when berth saw it, else ECS's own time. */
    static Instant placedAt(ServiceEventView event) {
        return event.seenAt() != null ? event.seenAt() : event.createdAt();
    }
}

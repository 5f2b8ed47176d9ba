package dev.berth.report;

import dev.berth.engine.rollout.ServiceEventView;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A stall for room among a service's events, by ECS's own times: from the first placement failure
 * ("was unable to place a task") to the first task started after it, or still going at the end
 * ({@code until} null). Pure.
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
                .map(ServiceEventView::createdAt).findFirst().orElse(null);
        return Optional.of(new RoomStall(first.createdAt(), until, first.message()));
    }
}

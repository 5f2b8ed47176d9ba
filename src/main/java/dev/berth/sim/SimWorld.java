package dev.berth.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Supplier;

/**
 * The simulation's event loop. Nothing runs in the background: every request first advances the
 * world to the current simulated instant, firing the timers that fell due in order and letting
 * the schedulers react after each instant. State is therefore exact at the moment it is read,
 * whatever the polling rate of the client.
 */
public final class SimWorld {
    private final SimClock clock;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final List<Runnable> reactions = new ArrayList<>();
    private Instant now;
    private long sequence;

    public SimWorld(SimClock clock) {
        this.clock = clock;
        this.now = clock.now();
    }

    public SimClock clock() {
        return clock;
    }

    /** The current simulated instant while a step runs. */
    public synchronized Instant now() {
        return now;
    }

    /** When the next timer falls due, if any: lets a test or a tool step time exactly. */
    public synchronized java.util.Optional<Instant> nextTimerAt() {
        return timers.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(timers.peek().when());
    }

    /** Registers something that reacts to every change, such as a service scheduler pass. */
    public synchronized void addReaction(Runnable reaction) {
        reactions.add(reaction);
    }

    /** Runs {@code action} at {@code when} (immediately on the next step if it is already past). */
    public synchronized void at(Instant when, Runnable action) {
        timers.add(new Timer(when.isBefore(now) ? now : when, sequence++, action));
    }

    /** Advances to the present, runs {@code step}, then lets the schedulers react to it. */
    public synchronized <T> T step(Supplier<T> step) {
        advanceTo(clock.now());
        T result = step.get();
        settle();
        return result;
    }

    public synchronized void advance() {
        advanceTo(clock.now());
    }

    /**
     * Fires due timers in time order, reacting after each instant, until nothing is due up to
     * {@code target}; reactions may schedule more work at the same instant.
     */
    private void advanceTo(Instant target) {
        while (true) {
            if (!timers.isEmpty() && !timers.peek().when().isAfter(target)) {
                Instant instant = timers.peek().when();
                if (instant.isAfter(now)) {
                    now = instant;
                }
                while (!timers.isEmpty() && !timers.peek().when().isAfter(instant)) {
                    timers.poll().action().run();
                }
                react();
            } else if (target.isAfter(now)) {
                now = target;
                react();
            } else {
                return;
            }
        }
    }

    /** Reacts, then runs whatever the reactions scheduled for this very instant, until quiet. */
    private void settle() {
        react();
        advanceTo(now);
    }

    private void react() {
        for (Runnable reaction : List.copyOf(reactions)) {
            reaction.run();
        }
    }

    private record Timer(Instant when, long sequence, Runnable action) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            int byTime = when.compareTo(other.when);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}

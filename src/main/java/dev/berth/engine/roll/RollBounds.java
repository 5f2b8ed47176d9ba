package dev.berth.engine.roll;

import java.util.ArrayList;
import java.util.List;

/** The check made at every poll of a roll: every service between its minimum healthy and maximum counts. */
public final class RollBounds {
    private RollBounds() {
    }

    /** One line per service outside its bounds, naming the bound; empty when all hold. */
    public static List<String> breaches(List<ServiceCount> services) {
        List<String> breaches = new ArrayList<>();
        for (ServiceCount s : services) {
            if (s.running() < s.lower()) {
                breaches.add(s.name() + ": " + s.running() + " running, below its minimum healthy " + s.lower() + " (desired "
                        + s.desired() + " x MinimumHealthyPercent " + s.minimumHealthyPercent() + ")");
            }
            if (s.running() + s.pending() > s.upper()) {
                breaches.add(s.name() + ": " + (s.running() + s.pending()) + " running or pending, above its maximum " + s.upper()
                        + " (desired " + s.desired() + " x MaximumPercent " + s.maximumPercent() + ")");
            }
        }
        return breaches;
    }
}

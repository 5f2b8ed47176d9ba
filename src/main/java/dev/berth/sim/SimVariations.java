package dev.berth.sim;

import java.time.Duration;

/**
 * Ways real AWS (or another emulator) behaves that clients must survive, switched on at start-up or
 * through {@code /_sim/variations}: stack events without {@code ResourceProperties}; no "User
 * Initiated" reason on the stack's own events; a service update CloudFormation reports complete
 * although ECS never applied it; a CancelUpdateStack whose rollback starts only after a delay
 * (simulated time). The endpoint outage lives in the HTTP front, which owns the connections.
 */
public final class SimVariations {
    public record Settings(boolean eventsWithoutProperties, boolean noUserInitiated, boolean serviceUpdateNotApplied,
                           Duration cancelDelay) {
        private static final Duration MAX_CANCEL_DELAY = Duration.ofHours(6);
        public static final Settings NONE = new Settings(false, false, false, Duration.ZERO);

        public Settings {
            cancelDelay = cancelDelay == null ? Duration.ZERO : cancelDelay;
            if (cancelDelay.isNegative() || cancelDelay.compareTo(MAX_CANCEL_DELAY) > 0) {
                throw new IllegalArgumentException("cancel delay must be between 0 and " + MAX_CANCEL_DELAY.toSeconds()
                        + " seconds, got " + cancelDelay.toSeconds());
            }
        }

        public Settings withEventsWithoutProperties(boolean on) {
            return new Settings(on, noUserInitiated, serviceUpdateNotApplied, cancelDelay);
        }

        public Settings withNoUserInitiated(boolean on) {
            return new Settings(eventsWithoutProperties, on, serviceUpdateNotApplied, cancelDelay);
        }

        public Settings withServiceUpdateNotApplied(boolean on) {
            return new Settings(eventsWithoutProperties, noUserInitiated, on, cancelDelay);
        }

        public Settings withCancelDelay(Duration delay) {
            return new Settings(eventsWithoutProperties, noUserInitiated, serviceUpdateNotApplied, delay);
        }
    }

    private volatile Settings settings;

    public SimVariations(Settings settings) {
        this.settings = settings == null ? Settings.NONE : settings;
    }

    public Settings settings() {
        return settings;
    }

    public void update(Settings next) {
        this.settings = next;
    }
}

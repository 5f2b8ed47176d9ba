package dev.berth.sim.http;

import java.util.Random;

/**
 * Faults injected into API answers so that clients can be rehearsed against a flaky AWS:
 * a share of calls throttled, a share failed with a 5xx, and latency added to every call.
 */
public final class ApiFaults {
    /** What happens to one call. */
    public enum Verdict { PASS, THROTTLE, SERVER_ERROR }

    public record Settings(double throttleRate, double serverErrorRate, long latencyMillis) {
        public static final Settings NONE = new Settings(0, 0, 0);

        public Settings {
            requireRate("throttleRate", throttleRate);
            requireRate("serverErrorRate", serverErrorRate);
            if (latencyMillis < 0 || latencyMillis > 60_000) {
                throw new IllegalArgumentException("latencyMillis must be between 0 and 60000, got " + latencyMillis);
            }
        }

        private static void requireRate(String name, double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(name + " must be between 0 and 1, got " + rate);
            }
        }
    }

    private final Random random;
    private volatile Settings settings;

    public ApiFaults(Settings settings, long seed) {
        this.settings = settings;
        this.random = new Random(seed ^ 0x5DEECE66DL);
    }

    public Settings settings() {
        return settings;
    }

    public void update(Settings settings) {
        this.settings = settings;
    }

    public Verdict decide() {
        Settings current = settings;
        double draw;
        synchronized (random) {
            draw = random.nextDouble();
        }
        if (draw < current.throttleRate()) {
            return Verdict.THROTTLE;
        }
        if (draw < current.throttleRate() + current.serverErrorRate()) {
            return Verdict.SERVER_ERROR;
        }
        return Verdict.PASS;
    }

    public void delay() throws InterruptedException {
        long latency = settings.latencyMillis();
        if (latency > 0) {
            Thread.sleep(latency);
        }
    }
}

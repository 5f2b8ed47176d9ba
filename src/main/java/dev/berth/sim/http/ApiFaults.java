package dev.berth.sim.http;

import java.util.Random;

/**
 * Faults injected into API answers so that clients can be rehearsed against a flaky AWS:
 * a share of calls throttled, a share failed with a 5xx, a share whose connection is reset after
 * the call was carried out (mid-response), and latency added to every call.
 */
public final class ApiFaults {
    /** What happens to one call. */
    public enum Verdict { PASS, THROTTLE, SERVER_ERROR, RESET }

    public record Settings(double throttleRate, double serverErrorRate, long latencyMillis, double resetRate) {
        public static final Settings NONE = new Settings(0, 0, 0, 0);

        public Settings(double throttleRate, double serverErrorRate, long latencyMillis) {
            this(throttleRate, serverErrorRate, latencyMillis, 0);
        }

        public Settings {
            requireRate("throttleRate", throttleRate);
            requireRate("serverErrorRate", serverErrorRate);
            requireRate("resetRate", resetRate);
            if (throttleRate + serverErrorRate + resetRate > 1) {
                throw new IllegalArgumentException("throttleRate + serverErrorRate + resetRate must be at most 1");
            }
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
    private final java.util.Set<String> resetOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, Integer> serverErrorsAhead = new java.util.concurrent.ConcurrentHashMap<>();

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

    /** The next call of {@code operation} (e.g. ExecuteChangeSet) is carried out and its answer cut off. */
    public void resetNext(String operation) {
        resetOnce.add(operation);
    }

    /** The next {@code calls} calls of {@code operation} (e.g. DescribeServices) fail with a 5xx, whatever the rates. */
    public void serverErrorNext(String operation, int calls) {
        if (calls < 1 || calls > 1000) {
            throw new IllegalArgumentException("calls must be between 1 and 1000, got " + calls);
        }
        serverErrorsAhead.merge(operation, calls, Integer::sum);
    }

    /** The verdict for one call of {@code operation}. */
    public Verdict decide(String operation) {
        if (resetOnce.remove(operation)) {
            return Verdict.RESET;
        }
        boolean[] forced = new boolean[1];
        serverErrorsAhead.computeIfPresent(operation, (op, left) -> {
            forced[0] = true;
            return left > 1 ? left - 1 : null;
        });
        if (forced[0]) {
            return Verdict.SERVER_ERROR;
        }
        return decide();
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
        if (draw < current.throttleRate() + current.serverErrorRate() + current.resetRate()) {
            return Verdict.RESET;
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

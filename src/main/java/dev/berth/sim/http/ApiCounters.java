package dev.berth.sim.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * What the simulator was asked: every call received per operation (including those it failed on
 * purpose), the faults it injected, and the mutating calls it carried out. Operations a service does
 * not know, names that are not operation names, and anything past {@value #MAX_KEYS} distinct names
 * are counted under {@code service:(unknown)}, so that junk calls cannot grow the counters without bound.
 */
public final class ApiCounters {
    public static final int MAX_KEYS = 512;
    static final String UNKNOWN = "(unknown)";
    private static final Pattern OPERATION = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,99}");

    private final Map<String, AtomicLong> received = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> mutations = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> injected = new ConcurrentHashMap<>();

    public void call(String service, String operation) {
        increment(received, service, operation);
    }

    /** The service did not know {@code operation}: its call moves to the service's unknown bucket. */
    public void unknown(String service, String operation) {
        boolean[] moved = {false};
        received.computeIfPresent(service + ":" + operation, (k, count) -> {
            moved[0] = true;
            return count.decrementAndGet() <= 0 ? null : count;
        });
        if (moved[0]) {
            received.computeIfAbsent(service + ":" + UNKNOWN, k -> new AtomicLong()).incrementAndGet();
        }
    }

    public void mutated(String service, String operation) {
        increment(mutations, service, operation);
    }

    public void injected(String fault) {
        injected.computeIfAbsent(fault, k -> new AtomicLong()).incrementAndGet();
    }

    public Map<String, Long> received() {
        return snapshot(received);
    }

    public Map<String, Long> mutations() {
        return snapshot(mutations);
    }

    public Map<String, Long> injected() {
        return snapshot(injected);
    }

    public void reset() {
        received.clear();
        mutations.clear();
        injected.clear();
    }

    private static void increment(Map<String, AtomicLong> counters, String service, String operation) {
        String key = service + ":" + (OPERATION.matcher(operation).matches() ? operation : UNKNOWN);
        if (!counters.containsKey(key) && counters.size() >= MAX_KEYS) {
            key = service + ":" + UNKNOWN;
        }
        counters.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}

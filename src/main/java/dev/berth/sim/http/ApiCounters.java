package dev.berth.sim.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulator was asked: every call received per operation (including those it failed on
 * purpose), the faults it injected, and the mutating calls it carried out.
 */
public final class ApiCounters {
    private final Map<String, AtomicLong> received = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> mutations = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> injected = new ConcurrentHashMap<>();

    public void call(String service, String operation) {
        increment(received, service + ":" + operation);
    }

    public void mutated(String service, String operation) {
        increment(mutations, service + ":" + operation);
    }

    public void injected(String fault) {
        increment(injected, fault);
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

    private static void increment(Map<String, AtomicLong> counters, String key) {
        counters.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}

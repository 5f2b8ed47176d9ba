package dev.berth.testing.oracle;

import dev.berth.sim.http.ApiExchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Every exchange a simulator answered while recording, and what AWS's models say of them. */
public final class ExchangeLog implements ApiExchange.Recorder {
    private final List<ApiExchange> exchanges = new ArrayList<>();

    @Override
    public synchronized void record(ApiExchange exchange) {
        exchanges.add(exchange);
    }

    public synchronized List<ApiExchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** The operations seen, as {@code signingName:Operation}. */
    public Set<String> operations() {
        Set<String> seen = new TreeSet<>();
        exchanges().forEach(e -> seen.add(e.signingName() + ":" + e.operation()));
        return seen;
    }

    /**
     * Every disagreement with the models, each kind once (list positions folded) with how often it
     * occurred and one example.
     */
    public Map<String, String> violations(ModelOracle oracle) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, String> examples = new LinkedHashMap<>();
        for (ApiExchange exchange : exchanges()) {
            for (String violation : oracle.judge(exchange)) {
                String kind = violation.replaceAll("\\[\\d+]", "[]");
                counts.merge(kind, 1, Integer::sum);
                examples.putIfAbsent(kind, violation);
            }
        }
        Map<String, String> result = new LinkedHashMap<>();
        counts.forEach((kind, count) -> result.put(examples.get(kind), count + "×"));
        return result;
    }
}

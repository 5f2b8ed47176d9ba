package dev.berth.testing.oracle;

import dev.berth.sim.http.ApiExchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps a simulator's exchanges and, once it is closed, judges every answer against AWS's models
 * (requests are not judged: tests send wrong ones on purpose). Judging afterwards leaves the test's
 * timing as it would be without the check. Beyond {@link #LIMIT} exchanges the rest are not kept.
 */
public final class AnswerCheck implements ApiExchange.Recorder {
    static final int LIMIT = 50_000;

    private final List<ApiExchange> exchanges = new ArrayList<>();

    @Override
    public synchronized void record(ApiExchange exchange) {
        if (exchanges.size() < LIMIT) {
            exchanges.add(exchange);
        }
    }

    /** How many answers are kept for judging. */
    public synchronized int recorded() {
        return exchanges.size();
    }

    /** Each kind of disagreement with how often it occurred; list positions are folded. */
    public Map<String, Integer> violations(ModelOracle oracle) {
        List<ApiExchange> kept;
        synchronized (this) {
            kept = List.copyOf(exchanges);
        }
        Map<String, Integer> violations = new TreeMap<>();
        for (ApiExchange exchange : kept) {
            List<String> found;
            try {
                found = oracle.judgeAnswer(exchange);
            } catch (RuntimeException e) {
                found = List.of(exchange.signingName() + ":" + exchange.operation() + " could not be judged: " + e);
            }
            for (String violation : found) {
                violations.merge(violation.replaceAll("\\[\\d+]", "[]"), 1, Integer::sum);
            }
        }
        return violations;
    }
}

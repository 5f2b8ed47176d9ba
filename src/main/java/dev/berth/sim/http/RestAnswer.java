package dev.berth.sim.http;

import java.util.Map;

/** A REST answer: status, header fields, and body (empty for none). */
public record RestAnswer(int status, Map<String, String> headers, byte[] body) {
    public RestAnswer {
        headers = Map.copyOf(headers);
    }
}

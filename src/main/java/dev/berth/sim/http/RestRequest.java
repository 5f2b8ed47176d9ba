package dev.berth.sim.http;

import java.util.Map;

/**
 * One REST call: its method, its path still percent-encoded, its query parameters decoded (a
 * parameter without a value maps to the empty string), its header fields by lower-case name, the
 * Host it was sent to, and its body.
 */
public record RestRequest(String method, String rawPath, Map<String, String> query, Map<String, String> headers,
                          String host, byte[] body) {
    public RestRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    public String header(String lowerName) {
        return headers.get(lowerName);
    }
}

package dev.berth.sim.http;

/**
 * One AWS API call as it went over the wire: the request's body and the answer's status and body.
 * {@code operation} is null when the call named none (an unknown target, a missing Action).
 */
public record ApiExchange(Protocol protocol, String signingName, String operation, byte[] requestBody, int status,
                          byte[] responseBody) {
    public enum Protocol { JSON, QUERY, REST_XML, CBOR }

    /** Receives every exchange; an opt-in hook, for checking answers against the services' models. */
    @FunctionalInterface
    public interface Recorder {
        Recorder NONE = exchange -> { };

        void record(ApiExchange exchange);
    }
}

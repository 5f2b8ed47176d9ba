package dev.berth.sim.http;

import java.time.Duration;

/**
 * How long and how much the simulator's port waits for and accepts from one client, so that slow,
 * half-open or oversized requests cannot hold the server: an idle keep-alive connection is closed
 * after {@code idle}; a request head must arrive whole within {@code header}; a request body may
 * pause at most {@code bodyIdle} between reads and, for AWS API calls, must arrive within
 * {@code body}. API bodies and registry manifests are bounded in size (blobs go to disk and are not).
 */
public record ConnectionLimits(Duration idle, Duration header, Duration bodyIdle, Duration body, int maxHeadBytes,
                               long maxApiBody, long maxManifestBody, int maxConnections) {
    public static final ConnectionLimits DEFAULT = new ConnectionLimits(Duration.ofSeconds(15), Duration.ofSeconds(10),
            Duration.ofSeconds(20), Duration.ofSeconds(60), 32 * 1024, 8L * 1024 * 1024, 4L * 1024 * 1024, 512);

    public ConnectionLimits {
        for (Duration d : new Duration[]{idle, header, bodyIdle, body}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("connection timeouts must be positive, got " + d);
            }
        }
        if (maxHeadBytes < 1024 || maxApiBody < 1 || maxManifestBody < 1 || maxConnections < 1) {
            throw new IllegalArgumentException("connection limits must be positive (head at least 1024 bytes)");
        }
    }

    public ConnectionLimits withTimeouts(Duration newIdle, Duration newHeader, Duration newBodyIdle, Duration newBody) {
        return new ConnectionLimits(newIdle, newHeader, newBodyIdle, newBody, maxHeadBytes, maxApiBody, maxManifestBody,
                maxConnections);
    }

    /** The most body bytes a request to {@code path} may carry; -1 when unbounded (registry blobs). */
    long maxBody(String method, String path) {
        if (path.startsWith("/v2/")) {
            return "PUT".equals(method) && path.contains("/manifests/") ? maxManifestBody : -1;
        }
        return maxApiBody;
    }
}
